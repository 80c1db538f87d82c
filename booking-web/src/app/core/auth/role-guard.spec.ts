import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';

import {
  doctorUser,
  receptionistUser,
  sessionFor,
  storageWith,
} from '../../../testing/auth-fixtures';
import { AUTH_STORAGE } from './auth-service';
import type { StaffSession } from './auth-types';
import { roleGuard } from './role-guard';

@Component({ template: '<h1>{{ name }}</h1>' })
class Stub {
  name = 'stub';
}

describe('roleGuard', () => {
  async function navigate(session: StaffSession | null, url: string): Promise<string> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AUTH_STORAGE, useValue: storageWith(session) },
        provideRouter([
          { path: 'doctor', canActivate: [roleGuard('doctor')], component: Stub },
          { path: 'doctor/patients/:id', canActivate: [roleGuard('doctor')], component: Stub },
          { path: 'reception', canActivate: [roleGuard('receptionist')], component: Stub },
          { path: 'sign-in', component: Stub },
          { path: '', component: Stub },
        ]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  it('opens the doctor face for a signed-in doctor', async () => {
    expect(await navigate(sessionFor(doctorUser), '/doctor/patients/p-1')).toBe(
      '/doctor/patients/p-1',
    );
  });

  it('sends a visitor who is not signed in to sign-in, with the page to come back to', async () => {
    expect(await navigate(null, '/doctor/patients/p-1')).toBe(
      '/sign-in?reason=sign-in-required&returnUrl=%2Fdoctor%2Fpatients%2Fp-1',
    );
  });

  it('sends a receptionist who opens the doctor face to the reception face instead', async () => {
    expect(await navigate(sessionFor(receptionistUser), '/doctor')).toBe('/reception');
  });

  it('sends a doctor who opens the reception face to the doctor face instead', async () => {
    expect(await navigate(sessionFor(doctorUser), '/reception')).toBe('/doctor');
  });
});
