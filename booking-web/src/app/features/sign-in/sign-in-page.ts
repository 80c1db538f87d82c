import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { AuthService } from '../../core/auth/auth-service';
import { homeFor, roleLabel } from '../../core/auth/auth-types';
import { httpStatus, problemText, retryAt } from '../../core/auth/problem-details';
import { VnTimePipe } from '../../shared/time/vn-time-pipe';

/** What went wrong with the last attempt, in words. */
type SignInError =
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'locked'; readonly message: string; readonly until: Date | null }
  | { readonly kind: 'failed'; readonly message: string };

/** A same-app path to come back to after signing in; anything else (other sites) is ignored. */
export function safeReturnUrl(value: string | undefined | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null;
  }
  return value.startsWith('/sign-in') ? null : value;
}

/**
 * Staff sign-in (`/sign-in`): username and password, then the face of the user's role (doctor →
 * `/doctor`, receptionist → `/reception`) or the page they were sent away from (`?returnUrl=`).
 * Says in words why it is shown (`?reason=`), and shows the API's own reason when it refuses.
 */
@Component({
  selector: 'app-sign-in-page',
  imports: [ReactiveFormsModule, RouterLink, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.scss',
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** Why the user is here: `session-ended`, `expired`, `signed-out`, `sign-in-required`. */
  readonly reason = input<string>();
  /** Where to go back to after signing in. */
  readonly returnUrl = input<string>();

  private readonly usernameInput = viewChild<ElementRef<HTMLInputElement>>('username');

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly submitted = signal(false);
  protected readonly sending = signal(false);
  protected readonly showPassword = signal(false);
  protected readonly error = signal<SignInError | null>(null);

  protected readonly user = this.auth.user;
  protected readonly userRole = computed(() => {
    const user = this.user();
    return user ? roleLabel(user.role) : '';
  });
  protected readonly userHome = computed(() => {
    const user = this.user();
    return user ? homeFor(user.role) : '/';
  });

  protected readonly notice = computed<string | null>(() => {
    switch (this.reason()) {
      case 'session-ended':
        return $localize`:@@signIn.notice.sessionEnded:Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.`;
      case 'expired':
        return $localize`:@@signIn.notice.expired:Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.`;
      case 'signed-out':
        return $localize`:@@signIn.notice.signedOut:Bạn đã đăng xuất.`;
      case 'sign-in-required':
        return $localize`:@@signIn.notice.required:Vui lòng đăng nhập để mở trang này.`;
      default:
        return null;
    }
  });

  constructor() {
    afterNextRender(() => this.usernameInput()?.nativeElement.focus());
  }

  protected invalid(field: 'username' | 'password'): boolean {
    return this.submitted() && this.form.controls[field].invalid;
  }

  protected submit(): void {
    this.submitted.set(true);
    if (this.sending()) return;
    if (this.form.invalid) {
      const first = this.form.controls.username.invalid ? 'username' : 'password';
      document.getElementById(`sign-in-${first}`)?.focus();
      return;
    }
    const { username, password } = this.form.getRawValue();
    this.sending.set(true);
    this.error.set(null);
    this.auth
      .signIn(username.trim(), password)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (user) => {
          this.sending.set(false);
          this.form.reset();
          void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()) ?? homeFor(user.role));
        },
        error: (error: unknown) => {
          this.sending.set(false);
          // The password is cleared for the next try; that is not the user's mistake to flag.
          this.submitted.set(false);
          this.form.controls.password.reset();
          this.error.set(this.describe(error));
        },
      });
  }

  protected signOut(): void {
    this.auth.signOut();
  }

  private describe(error: unknown): SignInError {
    if (!(error instanceof HttpErrorResponse)) {
      return {
        kind: 'failed',
        message: $localize`:@@signIn.error.badAnswer:Máy chủ trả lời không đúng dạng. Vui lòng báo bộ phận CNTT.`,
      };
    }
    const status = httpStatus(error);
    if (status === 429) {
      return { kind: 'locked', message: problemText(error), until: retryAt(error) };
    }
    if (status === 401 || status === 400) {
      return { kind: 'rejected', message: problemText(error) };
    }
    return { kind: 'failed', message: problemText(error) };
  }
}
