import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { StatusPanel } from '../status-panel/status-panel';

/**
 * The compact layout shared by the staff faces (reception, doctor): a page heading, the
 * face's own content (projected), and the live system status beside it.
 */
@Component({
  selector: 'app-staff-layout',
  imports: [StatusPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="staff">
      <div class="staff__work">
        <h1>{{ heading() }}</h1>
        <ng-content />
      </div>
      <aside class="staff__status" aria-labelledby="status-panel-title">
        <app-status-panel variant="staff" />
      </aside>
    </div>
  `,
  styles: `
    .staff {
      display: grid;
      grid-template-columns: minmax(16rem, 1fr) minmax(0, 2.2fr);
      gap: 1.25rem;
      align-items: start;
      font-size: 0.95rem;
    }
    @media (max-width: 60rem) {
      .staff {
        grid-template-columns: 1fr;
      }
    }
    .staff__work {
      padding: 1rem;
      border: 1px solid var(--qn-line);
      border-radius: var(--qn-radius);
      background: var(--qn-paper);
    }
    h1 {
      font-size: 1.5rem;
    }
  `,
})
export class StaffLayout {
  readonly heading = input.required<string>();
}
