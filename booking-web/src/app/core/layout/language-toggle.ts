import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  computed,
  inject,
  input,
} from '@angular/core';

/** The locales the app is built in; each is served under its own base href (`/vi/`, `/en/`). */
export const APP_LOCALES = [
  { code: 'vi', label: 'Tiếng Việt' },
  { code: 'en', label: 'English' },
] as const;

export type AppLocale = (typeof APP_LOCALES)[number]['code'];

/** Maps Angular's LOCALE_ID (`vi`, `en`, or `en-US` outside a localized build) to ours. */
export function toAppLocale(localeId: string): AppLocale {
  return localeId.toLowerCase().split('-')[0] === 'en' ? 'en' : 'vi';
}

/**
 * "Tiếng Việt | English": the current language as text, the other one as a link to the same
 * route in that locale's build. The link is relative to the base href (`../en/kiosk` from
 * `/vi/`), so it keeps working when the app is served under a path prefix. The shell passes the
 * current URL in (`/kiosk?station=…`), so the toggle itself does not need the router.
 */
@Component({
  selector: 'app-language-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="toggle" aria-label="Ngôn ngữ / Language">
      <ul>
        @for (option of options(); track option.code) {
          <li>
            @if (option.current) {
              <span class="current" [attr.lang]="option.code" aria-current="true">{{
                option.label
              }}</span>
            } @else {
              <a
                [attr.href]="option.href"
                [attr.lang]="option.code"
                [attr.hreflang]="option.code"
                >{{ option.label }}</a
              >
            }
          </li>
        }
      </ul>
    </nav>
  `,
  styles: `
    ul {
      display: flex;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li + li::before {
      content: '|';
      padding: 0 0.5rem;
      opacity: 0.8;
    }
    .current {
      font-weight: 700;
      text-decoration: none;
    }
    a {
      color: inherit;
      text-decoration: underline;
      text-underline-offset: 0.2em;
      display: inline-block;
      min-height: 2.75rem;
      line-height: 2.75rem;
      padding: 0 0.25rem;
    }
    .current {
      display: inline-block;
      line-height: 2.75rem;
    }
  `,
})
export class LanguageToggle {
  private readonly current = toAppLocale(inject(LOCALE_ID));
  /** The current URL as the router says it, e.g. `/kiosk?station=kiosk-01`. */
  readonly url = input.required<string>();

  protected readonly options = computed(() =>
    APP_LOCALES.map((locale) => ({
      ...locale,
      current: locale.code === this.current,
      href: `../${locale.code}${this.url()}`,
    })),
  );
}
