import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  Injector,
  afterNextRender,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { catchError, map, of, startWith, switchMap } from 'rxjs';

import type { AgentPresence } from '@qn/contracts';

import { httpStatus, isProblemType, problemText } from '../../../core/auth/problem-details';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { type PatientCard, ReceptionApi } from '../reception-api';
import {
  cardProblemText,
  cardStatusLook,
  chipUid,
  deskProblemText,
  reasonError,
  uidError,
} from './card-input';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly cards: readonly PatientCard[] }
  | { readonly kind: 'error'; readonly message: string };

/** What the open dialog does to which card. */
interface CardChange {
  readonly mode: 'replace' | 'revoke';
  readonly card: PatientCard;
}

/** Work on the desk station's reader: personalise a blank card, or give a card new keys. */
type DeskWork = { readonly mode: 'issue' } | { readonly mode: 'rekey'; readonly card: PatientCard };

type StationsState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly online: readonly AgentPresence[] }
  | { readonly kind: 'error'; readonly message: string };

/** The desk station chosen last on this browser, so the receptionist picks it once. */
const DESK_STATION_KEY = 'qn.reception.deskStation';

function rememberedStation(): string | null {
  try {
    return localStorage.getItem(DESK_STATION_KEY);
  } catch {
    return null; // storage disabled: choose every time
  }
}

function rememberStation(stationId: string): void {
  try {
    localStorage.setItem(DESK_STATION_KEY, stationId);
  } catch {
    // storage disabled: nothing to remember
  }
}

interface FieldErrors {
  readonly uid?: string | null;
  readonly reason?: string | null;
}

/**
 * The patient's cards ("Thẻ khám bệnh") in the reception panel: each card with its status and
 * history; issuing a card on a blank chip; replacing an active card (new chip, reason) and
 * revoking one (reason), each in a modal dialog that says the old card stops working at once.
 *
 * A new card is issued at the desk: the receptionist picks the desk's card-reader station, places
 * a blank card on its reader, and the API has that station's agent write the card's keys and SUN
 * settings; the card is stored only once that worked. The same panel re-keys an active card.
 * A chip personalised elsewhere can still be issued by its UID (typed or pasted, checked as 14
 * hexadecimal digits before anything is sent).
 */
@Component({
  selector: 'app-patient-cards',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-cards.html',
  styleUrl: './patient-cards.scss',
})
export class PatientCards {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  readonly patientId = input.required<string>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');

  private readonly reloads = signal(0);
  protected readonly state = signal<ListState>({ kind: 'loading' });
  protected readonly notice = signal<string | null>(null);
  protected readonly statusLook = cardStatusLook;

  protected readonly cards = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.cards : null;
  });
  /** With a working card, a new one is a replacement (so the old one stops working). */
  protected readonly hasActive = computed(
    () => this.cards()?.some((c) => c.status === 'active') ?? false,
  );

  protected readonly issueUid = signal('');
  protected readonly issueErrors = signal<FieldErrors>({});
  protected readonly issueProblem = signal<string | null>(null);
  protected readonly issuing = signal(false);

  protected readonly desk = signal<DeskWork | null>(null);
  protected readonly stations = signal<StationsState>({ kind: 'loading' });
  protected readonly stationId = signal('');
  protected readonly deskBusy = signal(false);
  protected readonly deskProblem = signal<string | null>(null);

  protected readonly change = signal<CardChange | null>(null);
  protected readonly changeUid = signal('');
  protected readonly changeReason = signal('');
  protected readonly changeErrors = signal<FieldErrors>({});
  protected readonly changeProblem = signal<string | null>(null);
  protected readonly sending = signal(false);

  constructor() {
    toObservable(computed(() => ({ id: this.patientId(), reload: this.reloads() })))
      .pipe(
        switchMap(({ id }) =>
          this.api.cards(id).pipe(
            map((cards): ListState => ({ kind: 'ready', cards })),
            catchError((error: unknown) =>
              of<ListState>({ kind: 'error', message: problemText(error) }),
            ),
            // A reload keeps the list on screen; only the first read shows "Đang tải…".
            startWith<ListState | null>(null),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        if (state) this.state.set(state);
        else if (this.state().kind === 'error') this.state.set({ kind: 'loading' });
      });

    afterRenderEffect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.change() && !dialog.open) dialog.showModal();
      else if (!this.change() && dialog.open) dialog.close();
    });
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }

  protected setIssueUid(value: string): void {
    this.issueUid.set(value);
    // Once an error is shown, it follows the typing so the receptionist sees when it is right.
    if (this.issueErrors().uid) this.issueErrors.set({ uid: uidError(value) });
  }

  protected issue(event: Event): void {
    event.preventDefault();
    if (this.issuing()) return;
    const error = uidError(this.issueUid());
    this.issueErrors.set({ uid: error });
    this.issueProblem.set(null);
    this.notice.set(null);
    const uid = chipUid(this.issueUid());
    if (error || !uid) return;
    this.issuing.set(true);
    this.api
      .issueCard(this.patientId(), uid)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (card) => {
          this.issuing.set(false);
          this.issueUid.set('');
          this.upsert(card);
          this.announce(
            $localize`:@@reception.cards.issued:Đã cấp thẻ ${card.cardId}:CARD: (chip ${card.uid}:UID:) cho người bệnh.`,
          );
        },
        error: (failure: unknown) => {
          this.issuing.set(false);
          // The chip is the problem: say so at the field, where the receptionist will fix it.
          if (isProblemType(failure, 'card-exists') || httpStatus(failure) === 400) {
            this.issueErrors.set({
              uid: isProblemType(failure, 'card-exists')
                ? cardProblemText(failure)
                : problemText(failure),
            });
          } else {
            this.issueProblem.set(cardProblemText(failure));
          }
        },
      });
  }

  protected openDesk(work: DeskWork): void {
    if (this.deskBusy()) return;
    this.notice.set(null);
    this.deskProblem.set(null);
    this.desk.set(work);
    this.loadStations();
  }

  protected closeDesk(): void {
    if (this.deskBusy()) return;
    this.desk.set(null);
  }

  protected loadStations(): void {
    this.stations.set({ kind: 'loading' });
    this.api
      .stations()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => {
          const online = list.filter((station) => station.online);
          this.stations.set({ kind: 'ready', online });
          const isOnline = (id: string | null): id is string =>
            !!id && online.some((station) => station.deviceId === id);
          const current = this.stationId();
          const remembered = rememberedStation();
          this.stationId.set(
            isOnline(current)
              ? current
              : isOnline(remembered)
                ? remembered
                : (online[0]?.deviceId ?? ''),
          );
        },
        error: (failure: unknown) =>
          this.stations.set({ kind: 'error', message: problemText(failure) }),
      });
  }

  protected setStation(stationId: string): void {
    this.stationId.set(stationId);
    rememberStation(stationId);
  }

  /** Writes the card on the chosen station's reader: a few seconds, during which the card stays put. */
  protected runDesk(): void {
    const work = this.desk();
    const stationId = this.stationId();
    if (!work || !stationId || this.deskBusy()) return;
    this.deskBusy.set(true);
    this.deskProblem.set(null);
    const call =
      work.mode === 'issue'
        ? this.api.issueCardAtDesk(this.patientId(), stationId)
        : this.api.rekeyCard(work.card.cardId, stationId);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (card) => {
        this.deskBusy.set(false);
        this.desk.set(null);
        this.upsert(card);
        this.announce(
          work.mode === 'issue'
            ? $localize`:@@reception.cards.desk.issued:Đã phát thẻ ${card.cardId}:CARD: (chip ${card.uid}:UID:) cho người bệnh. Có thể nhấc thẻ khỏi đầu đọc.`
            : $localize`:@@reception.cards.desk.rekeyed:Đã đổi khóa thẻ ${card.cardId}:CARD: sang phiên bản ${card.keyVersion}:VERSION:. Khóa cũ không dùng được nữa.`,
        );
      },
      error: (failure: unknown) => {
        this.deskBusy.set(false);
        this.deskProblem.set(deskProblemText(failure));
        // Someone else changed the card meanwhile: show the cards as they are now.
        if (isProblemType(failure, 'card-not-active')) this.reload();
      },
    });
  }

  protected askReplace(card: PatientCard): void {
    this.open({ mode: 'replace', card });
  }

  protected askRevoke(card: PatientCard): void {
    this.open({ mode: 'revoke', card });
  }

  protected setChangeUid(value: string): void {
    this.changeUid.set(value);
    if (this.changeErrors().uid) this.changeErrors.update((e) => ({ ...e, uid: uidError(value) }));
  }

  protected setChangeReason(value: string): void {
    this.changeReason.set(value);
    if (this.changeErrors().reason) {
      this.changeErrors.update((e) => ({ ...e, reason: reasonError(value) }));
    }
  }

  /** "Không" or Escape: nothing is sent. */
  protected close(event?: Event): void {
    event?.preventDefault();
    if (this.sending()) return;
    this.change.set(null);
  }

  protected submitChange(event?: Event): void {
    event?.preventDefault();
    const change = this.change();
    if (!change || this.sending()) return;
    const reason = this.changeReason().trim();
    const errors: FieldErrors = {
      reason: reasonError(reason),
      ...(change.mode === 'replace' ? { uid: uidError(this.changeUid()) } : {}),
    };
    this.changeErrors.set(errors);
    this.changeProblem.set(null);
    if (errors.reason || errors.uid) return;
    if (change.mode === 'replace') this.replace(change.card, chipUid(this.changeUid())!, reason);
    else this.revoke(change.card, reason);
  }

  private replace(card: PatientCard, uid: string, reason: string): void {
    this.sending.set(true);
    this.api
      .replaceCard(card.cardId, uid, reason)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ old, card: fresh }) => {
          this.upsert(old);
          this.upsert(fresh);
          this.done(
            $localize`:@@reception.cards.replaced:Đã thay thẻ ${old.cardId}:OLD: bằng thẻ ${fresh.cardId}:CARD:. Thẻ ${old.cardId}:OLD: không dùng được nữa.`,
          );
        },
        error: (failure: unknown) => this.changeFailed(failure),
      });
  }

  private revoke(card: PatientCard, reason: string): void {
    this.sending.set(true);
    this.api
      .revokeCard(card.cardId, reason)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (revoked) => {
          this.upsert(revoked);
          this.done(
            $localize`:@@reception.cards.revoked:Đã thu hồi thẻ ${revoked.cardId}:CARD:. Thẻ này không dùng được nữa.`,
          );
        },
        error: (failure: unknown) => this.changeFailed(failure),
      });
  }

  private open(change: CardChange): void {
    this.notice.set(null);
    this.changeUid.set('');
    this.changeReason.set('');
    this.changeErrors.set({});
    this.changeProblem.set(null);
    this.change.set(change);
  }

  private done(message: string): void {
    this.sending.set(false);
    this.change.set(null);
    // Closed here rather than by the render effect, so the focus moved below is not undone.
    this.dialog().nativeElement.close();
    this.announce(message);
  }

  private changeFailed(failure: unknown): void {
    this.sending.set(false);
    if (isProblemType(failure, 'card-exists')) {
      this.changeErrors.update((e) => ({ ...e, uid: cardProblemText(failure) }));
      return;
    }
    this.changeProblem.set(cardProblemText(failure));
    // Someone else changed the card meanwhile: show the cards as they are now.
    if (isProblemType(failure, 'card-not-active')) this.reload();
  }

  /** Newest first, as the API lists them; a known card is updated in place. */
  private upsert(card: PatientCard): void {
    this.state.update((state) => {
      if (state.kind !== 'ready') return { kind: 'ready', cards: [card] };
      const known = state.cards.some((c) => c.cardId === card.cardId);
      return {
        kind: 'ready',
        cards: known
          ? state.cards.map((c) => (c.cardId === card.cardId ? card : c))
          : [card, ...state.cards],
      };
    });
  }

  /** Says what happened and puts the focus on the section heading (the buttons may be gone). */
  private announce(message: string): void {
    this.notice.set(message);
    afterNextRender(() => this.heading().nativeElement.focus(), { injector: this.injector });
  }
}
