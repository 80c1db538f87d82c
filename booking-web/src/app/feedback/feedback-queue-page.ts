import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { FeedbackQueue, FeedbackStatus, StaffFeedback } from '@qn/contracts';

import { AuthService } from '../core/auth/auth-service';
import { StaffSessionBar } from '../core/auth/staff-session-bar';
import { problemText } from '../core/auth/problem-details';
import type { DepartmentEntry } from '../features/kiosk/kiosk-types';
import { StatusPanel } from '../shared/status-panel/status-panel';
import { VnTimePipe } from '../shared/time/vn-time-pipe';
import { FeedbackApi } from './feedback-api';
import {
  FEEDBACK_ASPECTS,
  aspectLabel,
  ratingWord,
  stars,
  statusIcon,
  statusLabel,
  visitStatusLabel,
} from './feedback-labels';

/** The three hospitals, for an administrator's choice (staff of a hospital see their own). */
export const FEEDBACK_HOSPITALS = [
  { id: 'bvdk-tinh-quang-ninh', name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' },
  { id: 'bv-san-nhi-quang-ninh', name: 'Bệnh viện Sản Nhi Quảng Ninh' },
  { id: 'bv-bai-chay', name: 'Bệnh viện Bãi Cháy' },
] as const;

type StatusFilter = FeedbackStatus | '';

type QueueState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'ready';
      readonly counts: FeedbackQueue['counts'];
      readonly items: readonly StaffFeedback[];
      readonly next: string | null;
    };

/**
 * The feedback queue of one hospital (`/feedback`), for its receptionists and doctors and for
 * administrators: filter by department and status, read the ratings and the comment, reply (the
 * patient sees it at the next tap) and mark resolved with a note. The API records who and when,
 * and audits each read and change.
 */
@Component({
  selector: 'app-feedback-queue-page',
  imports: [StaffSessionBar, StatusPanel, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './feedback-queue-page.html',
  styleUrl: './feedback-queue-page.scss',
})
export class FeedbackQueuePage {
  private readonly api = inject(FeedbackApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly user = inject(AuthService).user;

  protected readonly hospitals = FEEDBACK_HOSPITALS;
  protected readonly aspects = FEEDBACK_ASPECTS;
  protected readonly aspectLabel = aspectLabel;
  protected readonly ratingWord = ratingWord;
  protected readonly stars = stars;
  protected readonly statusLabel = statusLabel;
  protected readonly statusIcon = statusIcon;
  protected readonly visitStatusLabel = visitStatusLabel;
  protected readonly statuses: readonly FeedbackStatus[] = ['open', 'replied', 'resolved'];

  /** An administrator chooses; everyone else works on their own hospital. */
  protected readonly isAdmin = computed(() => this.user()?.role === 'admin');
  protected readonly hospitalId = signal<string>(this.user()?.hospital ?? FEEDBACK_HOSPITALS[0].id);
  protected readonly hospitalName = computed(
    () => FEEDBACK_HOSPITALS.find((h) => h.id === this.hospitalId())?.name ?? this.hospitalId(),
  );
  protected readonly status = signal<StatusFilter>('open');
  protected readonly department = signal('');
  protected readonly state = signal<QueueState>({ kind: 'loading' });
  private readonly directory = signal<readonly DepartmentEntry[]>([]);
  /** The departments to filter by: the directory's, or those seen in the queue when it is down. */
  protected readonly departments = computed(() => {
    const listed = this.directory()
      .filter((d) => d.hospitalId === this.hospitalId())
      .map((d) => ({ code: d.code, name: d.name }));
    if (listed.length > 0) return listed;
    const state = this.state();
    const seen = new Map<string, string>();
    if (state.kind === 'ready')
      for (const item of state.items) seen.set(item.departmentCode, item.serviceName);
    return [...seen].map(([code, name]) => ({ code, name }));
  });

  protected readonly drafts = signal<Readonly<Record<string, string>>>({});
  protected readonly notes = signal<Readonly<Record<string, string>>>({});
  protected readonly busy = signal<string | null>(null);
  protected readonly errors = signal<Readonly<Record<string, string>>>({});

  constructor() {
    this.api
      .departments()
      .pipe(takeUntilDestroyed())
      .subscribe({ next: (list) => this.directory.set(list), error: () => undefined });
    this.load();
  }

  protected setHospital(id: string): void {
    this.hospitalId.set(id);
    this.department.set('');
    this.load();
  }

  protected setStatus(value: string): void {
    this.status.set(value === 'open' || value === 'replied' || value === 'resolved' ? value : '');
    this.load();
  }

  protected setDepartment(code: string): void {
    this.department.set(code);
    this.load();
  }

  protected load(): void {
    this.state.set({ kind: 'loading' });
    this.fetch(null);
  }

  protected more(before: string): void {
    this.fetch(before);
  }

  private fetch(before: string | null): void {
    this.api
      .queue(this.hospitalId(), {
        department: this.department() || null,
        status: this.status() || null,
        before,
      })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          const current = this.state();
          const earlier = before && current.kind === 'ready' ? current.items : [];
          this.state.set({
            kind: 'ready',
            counts: page.counts,
            items: [...earlier, ...page.items],
            next: page.next ?? null,
          });
        },
        error: (error: unknown) => this.state.set({ kind: 'error', message: problemText(error) }),
      });
  }

  protected draft(id: string, event: Event): void {
    const value = (event.target as HTMLTextAreaElement | HTMLInputElement).value;
    this.drafts.update((all) => ({ ...all, [id]: value }));
  }

  protected note(id: string, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.notes.update((all) => ({ ...all, [id]: value }));
  }

  protected reply(item: StaffFeedback): void {
    const text = (this.drafts()[item.id] ?? '').trim();
    if (!text) {
      this.fail(item.id, $localize`:@@feedback.queue.emptyReply:Vui lòng viết nội dung trả lời.`);
      return;
    }
    this.run(item.id, this.api.reply(item.id, text), () =>
      this.drafts.update((all) => ({ ...all, [item.id]: '' })),
    );
  }

  protected resolve(item: StaffFeedback): void {
    this.run(item.id, this.api.resolve(item.id, this.notes()[item.id] ?? ''), () => undefined);
  }

  private run(id: string, call: ReturnType<FeedbackApi['reply']>, done: () => void): void {
    this.busy.set(id);
    this.fail(id, null);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (updated) => {
        this.busy.set(null);
        done();
        const state = this.state();
        if (state.kind === 'ready')
          this.state.set({
            ...state,
            items: state.items.map((item) => (item.id === updated.id ? updated : item)),
          });
      },
      error: (error: unknown) => {
        this.busy.set(null);
        this.fail(id, problemText(error));
      },
    });
  }

  private fail(id: string, message: string | null): void {
    this.errors.update((all) => {
      const next = { ...all };
      if (message) next[id] = message;
      else delete next[id];
      return next;
    });
  }
}
