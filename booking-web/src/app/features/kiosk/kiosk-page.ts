import { ChangeDetectionStrategy, Component } from '@angular/core';

import { StatusPanel } from '../../shared/status-panel/status-panel';

/**
 * The public kiosk: large type, high contrast, touch-sized. The card prompt area is where the
 * tap-to-start flow goes (a later issue); for now it sits above the live system status.
 */
@Component({
  selector: 'app-kiosk-page',
  imports: [StatusPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './kiosk-page.html',
  styleUrl: './kiosk-page.scss',
})
export class KioskPage {}
