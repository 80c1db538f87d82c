import { randomBytes } from 'node:crypto';
import { decryptPiccData, fromHex, toHex, verifySun } from '@qn/card-crypto';
import { HttpError, notFound } from '../errors/http-error.js';
import type { CardKeys } from './card-keys.js';
import { cardTapModel, type CardDocument, type CardModel, type CardStatus } from './card-model.js';
import { TapRejected } from './tap-rejection.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Crockford base32 without I, L, O, U: nothing to misread on a printed card. */
const CARD_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random card id for printing, e.g. `QN-7K4M-9XTA` (40 random bits). */
export function newCardId(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => CARD_ID_ALPHABET[byte % 32] ?? '0');
  return `QN-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}`;
}

function normaliseUid(uid: string): string {
  if (!/^[0-9A-Fa-f]{14}$/.test(uid))
    throw new HttpError({
      status: 400,
      code: 'bad-request',
      title: 'Bad request',
      detail: `uid: ${uid} is not a 7-byte UID (14 hexadecimal digits)`,
    });
  return uid.toUpperCase();
}

export interface IssueCardCommand {
  patientId: string;
  uid: string;
  /** Printed id; random when omitted. */
  cardId?: string;
  validityDays?: number;
  replaces?: string;
}

export interface SunMessage {
  piccData: string;
  cmac: string;
}

/**
 * Cards and their taps. Every status change is one atomic update of the card's document; a tap
 * advances the card's read counter with one conditional update, so a counter is accepted once.
 */
export class CardService {
  constructor(
    private readonly cards: CardModel,
    /** Undefined while QN_CARD_META_KEY / QN_CARD_MASTER_KEY are not set: every tap is refused. */
    private readonly keys: CardKeys | undefined,
    private readonly options: { validityDays: number; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  ready(): Promise<void> {
    return this.cards.createIndexes();
  }

  get keyVersion(): number | undefined {
    return this.keys?.currentVersion;
  }

  async issue(command: IssueCardCommand): Promise<CardDocument> {
    if (!this.keys)
      throw new HttpError({
        status: 503,
        code: 'cards-not-configured',
        title: 'Cards are not configured',
        detail: 'Set QN_CARD_META_KEY and QN_CARD_MASTER_KEY to issue cards.',
      });
    const now = this.now();
    const uid = normaliseUid(command.uid);
    const doc: CardDocument = {
      _id: command.cardId ?? newCardId(),
      uid,
      patientId: command.patientId,
      status: 'active',
      statusHistory: [
        {
          status: 'active',
          at: now,
          reason: command.replaces ? `replaces ${command.replaces}` : 'issued',
        },
      ],
      keyVersion: this.keys.currentVersion,
      lastCounter: -1,
      issuedAt: now,
      expiresAt: new Date(
        now.getTime() + (command.validityDays ?? this.options.validityDays) * DAY_MS,
      ),
      ...(command.replaces ? { replaces: command.replaces } : {}),
    };
    try {
      await this.cards.create(doc);
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) {
        throw new HttpError({
          status: 409,
          code: 'card-exists',
          title: 'Card already issued',
          detail: `A card with UID ${uid} (or id ${doc._id}) is already registered; a chip is issued once.`,
        });
      }
      throw error;
    }
    return doc;
  }

  async get(cardId: string): Promise<CardDocument> {
    const card = await this.cards.findById(cardId).lean<CardDocument>();
    if (!card) throw notFound(`There is no card ${cardId}.`);
    return card;
  }

  /** A patient's cards, newest first, whatever their status. */
  async forPatient(patientId: string): Promise<CardDocument[]> {
    return this.cards.find({ patientId }).sort({ issuedAt: -1 }).limit(50).lean<CardDocument[]>();
  }

  async findByUid(uid: string): Promise<CardDocument | null> {
    return this.cards.findOne({ uid: normaliseUid(uid) }).lean<CardDocument>();
  }

  /** Revokes an active card (lost, stolen): every later tap of it is refused. */
  async revoke(cardId: string, reason: string): Promise<CardDocument> {
    return this.endCard(cardId, 'revoked', reason);
  }

  /**
   * Issues a new card to the same patient and marks the old one replaced, which makes it useless.
   * The new card is written first: if that fails (its chip is already registered) the old one stays.
   */
  async replace(
    cardId: string,
    newUid: string,
    reason = 'replaced',
  ): Promise<{ old: CardDocument; card: CardDocument }> {
    const old = await this.get(cardId);
    if (old.status !== 'active') throw this.notActive(old);
    const card = await this.issue({ patientId: old.patientId, uid: newUid, replaces: old._id });
    const ended = await this.endCard(cardId, 'replaced', `${reason}: by ${card._id}`);
    return { old: ended, card };
  }

  private async endCard(
    cardId: string,
    status: Exclude<CardStatus, 'active'>,
    reason: string,
  ): Promise<CardDocument> {
    const now = this.now();
    const updated = await this.cards
      .findOneAndUpdate(
        { _id: cardId, status: 'active' },
        { $set: { status }, $push: { statusHistory: { status, at: now, reason } } },
        { returnDocument: 'after' },
      )
      .lean<CardDocument>();
    if (updated) return updated;
    throw this.notActive(await this.get(cardId));
  }

  private notActive(card: CardDocument): HttpError {
    return new HttpError({
      status: 409,
      code: 'card-not-active',
      title: 'Card is not active',
      detail: `Card ${card._id} is ${card.status}.`,
    });
  }

  /**
   * Checks one tap's SUN message: PICCData decrypts with the meta-read key, the MAC verifies with the
   * card's own diversified key, the card is active and unexpired, and the counter moved forward
   * (one atomic conditional update). Returns the card; throws TapRejected with a stable code.
   */
  async verifyTap(sun: SunMessage): Promise<CardDocument> {
    if (!this.keys)
      throw new TapRejected(
        'unavailable',
        'card keys are not configured (QN_CARD_META_KEY, QN_CARD_MASTER_KEY)',
      );
    if (!/^[0-9A-Fa-f]{32}$/.test(sun.piccData) || !/^[0-9A-Fa-f]{16}$/.test(sun.cmac))
      throw new TapRejected('unreadable', 'SUN fields are not 16-byte PICCData and 8-byte MAC');
    const picc = decryptPiccData(this.keys.metaReadKey, fromHex(sun.piccData));
    if (!picc)
      throw new TapRejected('unreadable', 'PICCData does not decrypt with the meta-read key');
    const uid = toHex(picc.uid);
    const card = await this.cards.findOne({ uid }).lean<CardDocument>();
    if (!card) throw new TapRejected('unknown-card', `no card with UID ${uid}`);
    const check = verifySun(sun, this.keys.forCard(uid, card.keyVersion));
    if (!check.ok)
      throw new TapRejected('invalid-cmac', `SUN MAC of card ${card._id} does not verify`);
    if (card.status !== 'active')
      throw new TapRejected(card.status, `card ${card._id} is ${card.status}`);
    const now = this.now();
    if (card.expiresAt.getTime() <= now.getTime()) {
      await this.cards.updateOne(
        { _id: card._id, status: 'active' },
        {
          $set: { status: 'expired' },
          $push: { statusHistory: { status: 'expired', at: now, reason: 'validity ended' } },
        },
      );
      throw new TapRejected(
        'expired',
        `card ${card._id} expired on ${card.expiresAt.toISOString()}`,
      );
    }
    const counter = check.counter;
    if (card.lastCounter >= counter)
      throw new TapRejected(
        'replayed',
        `counter ${counter} of card ${card._id} is not above ${card.lastCounter}`,
      );
    // Claim this (card, counter) once and for all: two copies of one SUN message racing each other
    // cannot both insert it, whatever the database does with concurrent conditional updates.
    try {
      await cardTapModel(this.cards.db).create({
        _id: `${card._id}:${counter}`,
        cardId: card._id,
        counter,
        at: now,
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000)
        throw new TapRejected(
          'replayed',
          `counter ${counter} of card ${card._id} was already used`,
        );
      throw error;
    }
    const advanced = await this.cards
      .findOneAndUpdate(
        { uid, status: 'active', lastCounter: { $lt: counter } },
        { $set: { lastCounter: counter, lastTapAt: now } },
        { returnDocument: 'after' },
      )
      .lean<CardDocument>();
    if (advanced) return advanced;
    const current = await this.cards.findOne({ uid }).lean<CardDocument>();
    if (current && current.status !== 'active')
      throw new TapRejected(current.status, `card ${current._id} is ${current.status}`);
    throw new TapRejected(
      'replayed',
      `counter ${counter} of card ${card._id} is not above ${current?.lastCounter ?? '?'}`,
    );
  }
}
