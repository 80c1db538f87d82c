import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, DeferBlockBehavior, TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';

import { FakeEventSource } from '../../testing/kiosk-fixtures';
import { EVENT_SOURCE_FACTORY } from '../features/kiosk/station-events';
import { KioskApp, PAGE_SEARCH } from './kiosk-app';

describe('KioskApp (the kiosk started at its own address)', () => {
  let fixture: ComponentFixture<KioskApp>;

  async function render(search: string): Promise<HTMLElement> {
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      imports: [KioskApp],
      deferBlockBehavior: DeferBlockBehavior.Manual,
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: PAGE_SEARCH, useValue: search },
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
      ],
    });
    await TestBed.compileComponents(); // the kiosk page's @defer blocks
    fixture = TestBed.createComponent(KioskApp);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => {
    fixture.destroy();
    TestBed.inject(HttpTestingController).verify();
  });

  it('opens the station of ?station= with its ?key= and shows the card prompt', async () => {
    const el = await render('?station=kiosk-01&key=k%2B1');

    expect(FakeEventSource.latest().url).toBe('/api/stations/kiosk-01/events?key=k%2B1');
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Chạm thẻ để bắt đầu');
    expect(TestBed.inject(Title).getTitle()).toBe('Ki-ốt · Y tế Quảng Ninh');
  });

  it('has the kiosk-mode shell: landmarks, skip link, no staff navigation, the language toggle keeping the query', async () => {
    const el = await render('?station=kiosk-01');

    expect(el.classList).toContain('kiosk-mode');
    expect(el.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');
    expect(el.querySelector('header')).not.toBeNull();
    expect(el.querySelector('main#main app-kiosk-page')).not.toBeNull();
    expect(el.querySelector('footer')).not.toBeNull();
    expect(el.querySelector('nav.faces')).toBeNull();
    expect(el.querySelector('a.brand')?.getAttribute('href')).toBe('./');
    expect(el.querySelector('app-language-toggle a')?.getAttribute('href')).toBe(
      '../en/kiosk?station=kiosk-01',
    );
  });

  it('says the kiosk is not configured when the address has no station', async () => {
    const el = await render('');

    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Ki-ốt này chưa được cấu hình');
    expect(FakeEventSource.all.length).toBe(0);
  });
});
