import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { LanguageToggle, toAppLocale } from './language-toggle';

describe('LanguageToggle', () => {
  function renderAt(locale: string, url: string): HTMLElement {
    TestBed.configureTestingModule({ providers: [{ provide: LOCALE_ID, useValue: locale }] });
    const fixture = TestBed.createComponent(LanguageToggle);
    fixture.componentRef.setInput('url', url);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('links to the same route in English and marks Vietnamese as current in the vi build', () => {
    const el = renderAt('vi', '/kiosk');

    const current = el.querySelector('[aria-current="true"]')!;
    expect(current.textContent?.trim()).toBe('Tiếng Việt');
    expect(current.getAttribute('lang')).toBe('vi');
    const link = el.querySelector('a')!;
    expect(link.textContent?.trim()).toBe('English');
    expect(link.getAttribute('href')).toBe('../en/kiosk');
    expect(link.getAttribute('hreflang')).toBe('en');
  });

  it('links back to Vietnamese from the en build, keeping the path', () => {
    const el = renderAt('en', '/reception');

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
