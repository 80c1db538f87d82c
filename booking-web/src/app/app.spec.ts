import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { receptionistUser, sessionFor, storageWith } from '../testing/auth-fixtures';
import { App } from './app';
import { routes } from './app.routes';
import { AUTH_STORAGE } from './core/auth/auth-service';

describe('App shell', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        // A receptionist is signed in: the reception face is behind a role guard.
        { provide: AUTH_STORAGE, useFactory: () => storageWith(sessionFor(receptionistUser)) },
      ],
    });
  });

  afterEach(() => {
    TestBed.inject(HttpTestingController).match(() => true);
  });

  async function render(url: string): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl(url);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('has header, main and footer landmarks and a skip link to the main content', async () => {
    const el = await render('/');

    expect(el.querySelector('header')).not.toBeNull();
    expect(el.querySelector('main#main')).not.toBeNull();
    expect(el.querySelector('footer')).not.toBeNull();
    expect(el.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');
  });

  it('links to the three faces and marks the current one for assistive technology', async () => {
    const el = await render('/reception');

    const links = Array.from(el.querySelectorAll('nav.faces a')).map((a) => a.textContent?.trim());
    expect(links).toEqual(['Ki-ốt', 'Lễ tân', 'Bác sĩ']);
    expect(el.querySelector('nav.faces a[aria-current="page"]')?.textContent?.trim()).toBe(
      'Lễ tân',
    );
  });

  it('hides the staff navigation on the public kiosk but keeps the language toggle', async () => {
    const el = await render('/kiosk');

    expect(el.querySelector('nav.faces')).toBeNull();
    expect(el.querySelector('app-language-toggle a')?.getAttribute('href')).toBe('../en/kiosk');
  });
});
