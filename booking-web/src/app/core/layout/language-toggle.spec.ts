import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { LanguageToggle, toAppLocale } from './language-toggle';

describe('LanguageToggle', () => {
  async function renderAt(locale: string, url: string): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        { provide: LOCALE_ID, useValue: locale },
        provideRouter([{ path: '**', component: LanguageToggle }]),
      ],
    });
    const harness = await RouterTestingHarness.create(url);
    return harness.routeNativeElement!;
  }

  it('links to the same route in English and marks Vietnamese as current in the vi build', async () => {
    const el = await renderAt('vi', '/kiosk');

    const current = el.querySelector('[aria-current="true"]')!;
    expect(current.textContent?.trim()).toBe('Tiếng Việt');
    expect(current.getAttribute('lang')).toBe('vi');
    const link = el.querySelector('a')!;
    expect(link.textContent?.trim()).toBe('English');
    expect(link.getAttribute('href')).toBe('../en/kiosk');
    expect(link.getAttribute('hreflang')).toBe('en');
  });

  it('links back to Vietnamese from the en build, keeping the path', async () => {
    const el = await renderAt('en', '/reception');

    const link = el.querySelector('a')!;
    expect(link.textContent?.trim()).toBe('Tiếng Việt');
    expect(link.getAttribute('href')).toBe('../vi/reception');
    expect(el.querySelector('[aria-current="true"]')?.textContent?.trim()).toBe('English');
  });

  it('maps Angular locale ids onto the two app locales', () => {
    expect(toAppLocale('vi')).toBe('vi');
    expect(toAppLocale('en-US')).toBe('en');
    expect(toAppLocale('en')).toBe('en');
  });
});
