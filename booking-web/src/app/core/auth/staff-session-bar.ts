import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { AuthService } from './auth-service';
import { roleLabel } from './auth-types';

/** Who is signed in, and the sign-out button; shown at the top of every staff face. */
@Component({
  selector: 'app-staff-session-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (user(); as user) {
      <div class="bar" data-testid="session-bar">
        <p class="who">
          <span class="visually-hidden" i18n="@@auth.bar.signedInAs">Đang đăng nhập:</span>
          <strong data-testid="session-user">{{ user.displayName }}</strong>
          <span class="role">{{ role() }}</span>
        </p>
        <button type="button" class="sign-out" (click)="signOut()" i18n="@@auth.bar.signOut">
          Đăng xuất
        </button>
      </div>
    }
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      margin-bottom: 1rem;
    }
    .who {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.6rem;
      align-items: baseline;
    }
    .role {
      padding: 0.05rem 0.5rem;
      border: 1px solid var(--qn-line);
      border-radius: 999px;
      color: var(--qn-ink-muted);
      font-size: 0.9em;
    }
    .sign-out {
      min-height: 2.75rem;
      padding: 0.4rem 1rem;
      border: 2px solid var(--qn-brand);
      border-radius: var(--qn-radius);
      background: var(--qn-paper);
      color: var(--qn-brand);
      font: inherit;
      font-weight: 700;
      cursor: pointer;
    }
  `,
})
export class StaffSessionBar {
  private readonly auth = inject(AuthService);
  protected readonly user = this.auth.user;
  protected readonly role = computed(() => {
    const user = this.user();
    return user ? roleLabel(user.role) : '';
  });

  protected signOut(): void {
    this.auth.signOut();
  }
}
