import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { Autofocus } from '../../../shared/autofocus';
import { StatusPanel } from '../../../shared/status-panel/status-panel';

/** What the station's event stream is doing. */
export type StationConnection = 'connecting' | 'open' | 'down';

/**
 * The kiosk at rest: a big "tap your card" prompt with a card-on-reader picture, the message
 * of a rejected tap, and the system status folded away at the bottom for staff.
 */
@Component({
  selector: 'app-idle-screen',
  imports: [Autofocus, StatusPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './idle-screen.html',
  styleUrl: './idle-screen.scss',
})
export class IdleScreen {
  readonly rejection = input<string | null>(null);
  readonly connection = input<StationConnection>('connecting');
}
