import { createHash, randomBytes } from 'node:crypto';
import type { Patient, Person } from 'fhir/r4.js';
import type { CardTapped, KioskPatient, KioskSessionInfo, StationEvent } from '@qn/contracts';
import type { CardService } from '../cards/card-service.js';
import { TapRejected, type TapRejectionCode } from '../cards/tap-rejection.js';
import { unauthorized } from '../errors/http-error.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import type { Logger } from '../logger.js';
import { nameLine } from '../fhir/human-name.js';
import { foldVietnamese, hasVietnameseMarks } from '../identity/normalize.js';
import { maskName } from './mask-name.js';
import { ensureTtlIndex, type KioskSessionDocument, type KioskSessionModel } from './session-model.js';
import type { StationEventHub } from './station-events.js';

export interface KioskOptions {
  idleMs: number;
  maxSessionMs: number;
  clock?: () => Date;
}

type EndReason = Extract<StationEvent, { type: 'session.ended' }>['reason'];

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const SESSION_GONE = 'This kiosk session has ended (card removed, signed out, idle or expired). Tap the card again.';

/**
 * Tap-to-session: a verified tap at a station opens a short session for that one patient, shown on
 * that station's kiosk page; card removal, sign-out, idleness or the hard cap end it. All state is
 * in MongoDB (one document per station), so any API instance can serve any step.
 */
export class KioskService {
  private sweeper: NodeJS.Timeout | undefined;
  private sessionEndedListener: ((ended: { stationId: string; patientId: string }) => Promise<void>) | undefined;

  constructor(
    private readonly sessions: KioskSessionModel,
    private readonly cards: CardService,
    private readonly fhirStore: FhirStore,
    readonly events: StationEventHub,
    private readonly logger: Logger,
    readonly options: KioskOptions,
  ) {}

  /** Who to tell when a session ends, whatever the reason (the seats it held are let go at once). */
  onSessionEnded(listener: (ended: { stationId: string; patientId: string }) => Promise<void>): void {
    this.sessionEndedListener = listener;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  async ready(): Promise<void> {
    await Promise.all([this.sessions.createIndexes(), this.events.ready(), this.cards.ready()]);
    if (!(await ensureTtlIndex(this.sessions, 'expiresAt', 0))) this.logger.info('no TTL indexes on this database (FerretDB): stale kiosk sessions and old station events are purged by the API');
  }

  /** Ends idle and expired sessions in the background (any instance may; one wins each). */
  start(): void {
    if (this.sweeper) return;
    const every = Math.max(100, Math.min(1000, Math.floor(this.options.idleMs / 4)));
    this.sweeper = setInterval(() => void this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'kiosk session sweep failed')), every);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.events.close();
  }

  /** A card tapped at a station: verify it, and open (or replace) the station's session. */
  async onTap(stationId: string, tap: CardTapped): Promise<void> {
    const at = this.now();
    if (!tap.sun) {
      await this.reject(stationId, 'not-a-patient-card', `no SUN message (${tap.kind})`);
      return;
    }
    let card;
    try {
      card = await this.cards.verifyTap(tap.sun);
    } catch (error) {
      if (error instanceof TapRejected) {
        await this.reject(stationId, error.code, error.message);
        return;
      }
      throw error;
    }
    const patient = await this.patientSummary(card.patientId);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(at.getTime() + this.options.maxSessionMs);
    const previous = await this.sessions
      .findOneAndUpdate(
        { _id: stationId },
        { $set: { tokenHash: hashToken(token), patientId: card.patientId, cardId: card._id, patient, createdAt: at, lastActivityAt: at, expiresAt } },
        { upsert: true, returnDocument: 'before' },
      )
      .lean<KioskSessionDocument>();
    if (previous) {
      await this.tellEnded(stationId, previous.patientId);
      await this.events.publish(stationId, { type: 'session.ended', reason: 'replaced', at: at.toISOString() });
    }
    this.logger.info({ stationId, cardId: card._id, patientId: card.patientId }, 'kiosk session started');
    await this.events.publish(stationId, { type: 'session.started', session: { token, stationId, patient, expiresAt: expiresAt.toISOString() }, at: at.toISOString() });
  }

  /** A tap that was refused before verification (e.g. stale): tell the kiosk page. */
  async reject(stationId: string, code: TapRejectionCode, detail: string): Promise<void> {
    const rejection = new TapRejected(code, detail);
    this.logger.info({ stationId, code, detail }, 'card tap rejected');
    await this.events.publish(stationId, { type: 'card.rejected', code, message: rejection.screenMessage, at: this.now().toISOString() });
  }

  async onCardRemoved(stationId: string): Promise<void> {
    const ended = await this.sessions.findOneAndDelete({ _id: stationId }).lean<KioskSessionDocument>();
    if (ended) await this.ended(stationId, 'card-removed', ended.patientId);
  }

  /**
   * The live session of a bearer token, with its activity refreshed; 401 when there is none. An idle
   * or expired session found here is ended at once (and its station told).
   */
  async touch(token: string): Promise<KioskSessionDocument> {
    const now = this.now();
    const tokenHash = hashToken(token);
    const live = await this.sessions
      .findOneAndUpdate(
        { tokenHash, lastActivityAt: { $gt: new Date(now.getTime() - this.options.idleMs) }, expiresAt: { $gt: now } },
        { $set: { lastActivityAt: now } },
        { returnDocument: 'after' },
      )
      .lean<KioskSessionDocument>();
    if (live) return live;
    const stale = await this.sessions.findOne({ tokenHash }).lean<KioskSessionDocument>();
    if (stale) await this.endIfStale(stale, now);
    throw unauthorized(SESSION_GONE);
  }

  async signOut(token: string): Promise<void> {
    const ended = await this.sessions.findOneAndDelete({ tokenHash: hashToken(token) }).lean<KioskSessionDocument>();
    if (!ended) throw unauthorized(SESSION_GONE);
    await this.ended(ended._id, 'sign-out', ended.patientId);
  }

  info(session: KioskSessionDocument): KioskSessionInfo {
    return {
      stationId: session._id,
      patient: session.patient,
      expiresAt: session.expiresAt.toISOString(),
      lastActivityAt: session.lastActivityAt.toISOString(),
      idleTimeoutMs: this.options.idleMs,
    };
  }

  async sweep(): Promise<void> {
    const now = this.now();
    const stale = await this.sessions
      .find({ $or: [{ lastActivityAt: { $lte: new Date(now.getTime() - this.options.idleMs) } }, { expiresAt: { $lte: now } }] })
      .limit(100)
      .lean<KioskSessionDocument[]>();
    for (const session of stale) await this.endIfStale(session, now);
  }

  /** Ends this very session (same token, still stale) once, whichever instance gets there first. */
  private async endIfStale(session: KioskSessionDocument, now: Date): Promise<void> {
    const expired = session.expiresAt.getTime() <= now.getTime();
    const idleBefore = new Date(now.getTime() - this.options.idleMs);
    const ended = await this.sessions
      .findOneAndDelete({ _id: session._id, tokenHash: session.tokenHash, ...(expired ? {} : { lastActivityAt: { $lte: idleBefore } }) })
      .lean<KioskSessionDocument>();
    if (ended) await this.ended(session._id, expired ? 'expired' : 'idle', ended.patientId);
  }

  private async ended(stationId: string, reason: EndReason, patientId: string): Promise<void> {
    this.logger.info({ stationId, reason }, 'kiosk session ended');
    // Seats first: by the time the screen says the session is over, nothing of it is still held.
    await this.tellEnded(stationId, patientId);
    await this.events.publish(stationId, { type: 'session.ended', reason, at: this.now().toISOString() });
  }

  /** The listener's failure must not fail the tap or sign-out that ended the session. */
  private async tellEnded(stationId: string, patientId: string): Promise<void> {
    await this.sessionEndedListener?.({ stationId, patientId }).catch((error: unknown) =>
      this.logger.warn({ err: error, stationId }, 'session-ended listener failed'),
    );
  }

  /** Masked name and birth year from HAPI; a HAPI outage still signs the patient in, unnamed. */
  private async patientSummary(patientId: string): Promise<KioskPatient> {
    try {
      const patient = await this.fhirStore.read<Patient>('Patient', patientId);
      let text = nameText(patient);
      if (text && !hasVietnameseMarks(text)) text = (await this.markedSpelling(patientId, text)) ?? text;
      const year = Number(patient.birthDate?.slice(0, 4));
      return { id: patientId, maskedName: maskName(text) || 'Người bệnh', ...(Number.isInteger(year) && year > 0 ? { birthYear: year } : {}) };
    } catch (error) {
      this.logger.warn({ err: error, patientId }, 'patient name not available for the kiosk screen');
      return { id: patientId, maskedName: 'Người bệnh' };
    }
  }

  /**
   * Some hospital systems export names without diacritics ("Tran Van Hung"): greeting a patient so
   * reads wrong. When another hospital's record linked to the same person spells the same name with
   * them, the greeting uses that spelling; a different name (a typo, a maiden name) is never taken.
   * One search, only for names written without marks; on any failure the card's own record names.
   */
  private async markedSpelling(patientId: string, unmarked: string): Promise<string | undefined> {
    try {
      const bundle = await this.fhirStore.search<Person | Patient>('Person', {
        link: `Patient/${patientId}`,
        _include: 'Person:link',
        _count: 10,
      });
      const folded = foldVietnamese(unmarked);
      for (const entry of bundle.entry ?? []) {
        const linked = entry.resource;
        if (linked?.resourceType !== 'Patient' || linked.id === patientId) continue;
        const text = nameText(linked);
        if (text && hasVietnameseMarks(text) && foldVietnamese(text) === folded) return text;
      }
    } catch (error) {
      this.logger.warn({ err: error, patientId }, 'linked records not available for the greeting');
    }
    return undefined;
  }
}

/** The official name as one line ("Nguyễn Thị Lan"). */
function nameText(patient: Patient): string {
  return nameLine(patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0]);
}
