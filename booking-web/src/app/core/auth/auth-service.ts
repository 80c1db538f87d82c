import { HttpClient, HttpHeaders } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { type Observable, catchError, map, of, tap } from 'rxjs';

import { API_BASE_URL } from '../api-config';
import {
  type SignInReason,
  type SignInResponse,
  type StaffRole,
  type StaffSession,
  type StaffUser,
  isStaffSession,
} from './auth-types';

/**
 * Where the staff session is kept: sessionStorage, so a reload keeps the user signed in but
 * closing the tab or browser ends it. Tests pass a fresh in-memory storage.
 */
export const AUTH_STORAGE = new InjectionToken<Storage | null>('AUTH_STORAGE', {
  providedIn: 'root',
  factory: () => (typeof sessionStorage === 'undefined' ? null : sessionStorage),
});

export const AUTH_STORAGE_KEY = 'qn.staff-session';

/** setTimeout cannot wait longer than this (about 24.8 days); longer waits are cut to it. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The signed-in member of staff: who they are and their access token, in signals. Signing in
 * stores the session for this tab; signing out, a 401 from the API or the token's expiry clears
 * it and shows the sign-in page with the reason in words.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);
  private readonly router = inject(Router);
  private readonly storage = inject(AUTH_STORAGE);

  private readonly session = signal<StaffSession | null>(this.restore());
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  readonly user = computed<StaffUser | null>(() => this.session()?.user ?? null);
  readonly token = computed<string | null>(() => this.session()?.accessToken ?? null);
  readonly expiresAt = computed<string | null>(() => this.session()?.expiresAt ?? null);
  readonly signedIn = computed(() => this.session() !== null);

  constructor() {
    this.scheduleExpiry();
    inject(DestroyRef).onDestroy(() => clearTimeout(this.expiryTimer));
  }

  /** True when someone is signed in with one of these roles. */
  hasRole(roles: readonly StaffRole[]): boolean {
    const role = this.user()?.role;
    return role !== undefined && roles.includes(role);
  }

  /** Signs in; errors are the API's (401 wrong credentials, 429 locked out, 400 bad input). */
  signIn(username: string, password: string): Observable<StaffUser> {
    return this.http
      .post<SignInResponse>(`${this.base}/api/auth/sign-in`, { username, password })
      .pipe(
        map((response) => {
          const session: StaffSession = {
            accessToken: response?.accessToken,
            expiresAt: response?.expiresAt,
            user: response?.user,
          };
          if (!isStaffSession(session)) {
            throw new Error('The sign-in answer has no usable access token and user.');
          }
          this.start(session);
          return session.user;
        }),
      );
  }

  /**
   * Ends the session here at once (the page leaves for the sign-in screen, so no patient data
   * stays on screen) and on the server, best effort: whatever the server answers, nothing of the
   * session may stay in this tab.
   */
  signOut(): void {
    const token = this.token();
    this.clear();
    void this.router.navigate(['/sign-in'], { queryParams: { reason: 'signed-out' } });
    if (!token) return;
    // The token is sent explicitly: the session is already cleared, so the interceptor would not.
    this.http
      .post<void>(`${this.base}/api/auth/sign-out`, null, {
        headers: new HttpHeaders({ Authorization: `Bearer ${token}` }),
      })
      .pipe(catchError(() => of(undefined)))
      .subscribe();
  }

  /** Asks the API who the token belongs to (`GET /api/auth/me`), refreshing the stored user. */
  me(): Observable<StaffUser> {
    return this.http.get<StaffUser | { user: StaffUser }>(`${this.base}/api/auth/me`).pipe(
      // The API wraps the user as `{ user }` today; the agreed shape is the bare user. Accept both.
      map((body) =>
        'user' in body && typeof body.user === 'object' ? body.user : (body as StaffUser),
      ),
      tap((user) => {
        const session = this.session();
        if (session && user.id === session.user.id) this.start({ ...session, user });
      }),
    );
  }

  /**
   * The API refused this token (401) or it expired: forget the session and go to the sign-in
   * page, which says why and brings the user back here afterwards. A late 401 for an older
   * token does nothing, so it cannot end a newer session.
   */
  sessionEnded(token: string | null, reason: SignInReason = 'session-ended'): void {
    if (!token || token !== this.token()) return;
    this.clear();
    const returnUrl = this.router.url.startsWith('/sign-in') ? undefined : this.router.url;
    void this.router.navigate(['/sign-in'], {
      queryParams: { reason, ...(returnUrl && returnUrl !== '/' ? { returnUrl } : {}) },
    });
  }

  private start(session: StaffSession): void {
    this.session.set(session);
    try {
      this.storage?.setItem(AUTH_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage full or disabled: the session still works until the page is reloaded.
    }
    this.scheduleExpiry();
  }

  private clear(): void {
    clearTimeout(this.expiryTimer);
    this.session.set(null);
    try {
      this.storage?.removeItem(AUTH_STORAGE_KEY);
    } catch {
      // Nothing stored, nothing to remove.
    }
  }

  private restore(): StaffSession | null {
    let value: unknown;
    try {
      const raw = this.storage?.getItem(AUTH_STORAGE_KEY);
      value = raw ? JSON.parse(raw) : null;
    } catch {
      value = null;
    }
    if (!isStaffSession(value) || Date.parse(value.expiresAt) <= Date.now()) {
      this.storage?.removeItem(AUTH_STORAGE_KEY);
      return null;
    }
    return value;
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const session = this.session();
    if (!session) return;
    const ms = Math.min(Math.max(0, Date.parse(session.expiresAt) - Date.now()), MAX_TIMER_MS);
    this.expiryTimer = setTimeout(() => this.sessionEnded(session.accessToken, 'expired'), ms);
  }
}
