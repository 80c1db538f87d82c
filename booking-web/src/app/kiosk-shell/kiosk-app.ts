import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, InjectionToken, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';

import { LanguageToggle } from '../core/layout/language-toggle';
import { KioskPage } from '../features/kiosk/kiosk-page';

/** The page's query string (`location.search`); specs pass their own. */
export const PAGE_SEARCH = new InjectionToken<string>('PAGE_SEARCH', {
  providedIn: 'root',
  factory: () => inject(DOCUMENT).location.search,
});

/**
 * The shell of a kiosk opened at its own address (`/vi/kiosk?station=…`): the same header,
 * language toggle and footer as `App` in kiosk mode, around `KioskPage`, without the router.
 *
 * Why a second shell: the kiosk is one screen that never navigates, yet the router is a third of
 * the framework code a page loads (issue 8's budget: 250 kB of JavaScript before the idle screen).
 * `main.ts` starts this shell for the kiosk's URL and the full `App` for every other. The cost:
 * the shell's header is written twice (kept in step with `app.html`, styled by the same
 * `app.scss`), and the brand link leaves the kiosk with a full page load instead of a route
 * change. Reached from inside the full app (the "Ki-ốt" link), the kiosk is the router's
 * `/kiosk` route in `App`, as before: both paths render the same `KioskPage`.
 */
@Component({
  selector: 'app-root',
  imports: [KioskPage, LanguageToggle],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-app.html',
  styleUrl: '../app.scss',
  host: { class: 'kiosk-mode' },
})
export class KioskApp {
  private readonly search = inject(PAGE_SEARCH);
  private readonly query = new URLSearchParams(this.search);

  protected readonly station = this.query.get('station');
  protected readonly key = this.query.get('key');
  /** Where this page is, as the router would say it: the language toggle keeps it. */
  protected readonly url = `/kiosk${this.search}`;

  constructor() {
    // As PageTitleStrategy does for the routes: "<page> · <app>".
    const page = $localize`:@@title.kiosk:Ki-ốt`;
    inject(Title).setTitle(`${page} · ${$localize`:@@app.name:Y tế Quảng Ninh`}`);
  }
}
