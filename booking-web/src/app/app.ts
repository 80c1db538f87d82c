import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { injectCurrentUrl } from './core/layout/current-url';
import { LanguageToggle } from './core/layout/language-toggle';

/** The shell: skip link, header (brand, faces, language), main outlet, footer. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, LanguageToggle],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.scss',
  host: { '[class.kiosk-mode]': 'kioskMode()' },
})
export class App {
  protected readonly url = injectCurrentUrl();

  /** The public kiosk hides the links to the staff faces. */
  protected readonly kioskMode = computed(() => this.url().startsWith('/kiosk'));
}
