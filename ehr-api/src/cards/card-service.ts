import { randomBytes } from 'node:crypto';
import { decryptPiccData, fromHex, toHex, verifySun } from '@qn/card-crypto';
import { HttpError, notFound } from '../errors/http-error.js';
import type { CardKeys } from './card-keys.js';
import { cardTapModel, type CardDocument, type CardModel, type CardStatus } from './card-model.js';
import { TapRejected } from './tap-rejection.js';
import { AgentCommandBus } from '../agents/agent-commands.js';
import { DeskPersonalisation, type DeskStation } from './desk-personalisation.js';

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

/** Issuing at the desk: the chip is whatever blank card lies on the station's reader. */
export interface IssueAtStationCommand {
  patientId: string;
  desk: DeskStation;
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
  /** Commands to the stations' card agents (personalising at the desk); the agent socket delivers them. */
  readonly commands: AgentCommandBus;
  private readonly desk: DeskPersonalisation | undefined;

  constructor(
    private readonly cards: CardModel,
    /** Undefined while QN_CARD_META_KEY / QN_CARD_MASTER_KEY are not set: every tap is refused. */
    private readonly keys: CardKeys | undefined,
    private readonly options: {
      validityDays: number;
      clock?: () => Date;
      commands?: AgentCommandBus;
      /** Where the SUN URL written to new cards points (DEFAULT_SUN_BASE_URL when absent). */
      sunBaseUrl?: string;
    },
  ) {
    this.commands = options.commands ?? new AgentCommandBus(cards.db);
    this.desk = keys
      ? new DeskPersonalisation(
          this.commands,
          keys,
          options.sunBaseUrl ? { sunBaseUrl: options.sunBaseUrl } : {},
        )
      : undefined;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  ready(): Promise<void> {
    return this.cards.createIndexes();
  }

  get keyVersion(): number | undefined {
    return this.keys?.currentVersion;
  }

  private requireKeys(): { keys: CardKeys; desk: DeskPersonalisation } {
    if (!this.keys || !this.desk)
      throw new HttpError({
        status: 503,
        code: 'cards-not-configured',
        title: 'Cards are not configured',
        detail: 'Set QN_CARD_META_KEY and QN_CARD_MASTER_KEY to issue cards.',
      });
    return { keys: this.keys, desk: this.desk };
  }

  async issue(command: IssueCardCommand): Promise<CardDocument> {
    const { keys } = this.requireKeys();
    return this.store(command, { keyVersion: keys.currentVersion, lastCounter: -1 });
  }

  /**
   * Issues the blank card lying on a desk station's reader: the station's agent personalises it
   * (keys of the current version, SUN settings) and reads it back; only a card that answered with a
   * SUN that verifies is stored, active. Anything else stores nothing and throws a problem that
   * says what to do (place the card, put it back, use another card).
   */
  async issueAtStation(command: IssueAtStationCommand): Promise<CardDocument> {
    const { keys, desk } = this.requireKeys();
    const keyVersion = keys.currentVersion;
    if (keyVersion < 1)
      throw new HttpError({
        status: 503,
        code: 'cards-not-configured',
        title: 'Cards are not configured',
        detail:
          'QN_CARD_KEY_VERSION must be 1 or more to personalise cards (0 is the factory version).',
      });
    const { reader, card: chip } = await desk.inspect(command.desk);
    const known = await this.cards.findOne({ uid: chip.uid }, { _id: 1 }).lean();
    if (known) throw this.chipTaken(chip.uid, known._id);
    const written = await desk.personalise(
      { ...command.desk, reader },
      { uid: chip.uid, currentKeyVersion: 0, keyVersion },
    );
    return this.store(
      {
        patientId: command.patientId,
        uid: chip.uid,
        ...(command.validityDays === undefined ? {} : { validityDays: command.validityDays }),
        ...(command.replaces ? { replaces: command.replaces } : {}),
      },
      { keyVersion, lastCounter: written.counter, personalisedAt: command.desk.stationId },
    );
  }

  private chipTaken(uid: string, cardId?: string): HttpError {
    return new HttpError({
      status: 409,
      code: 'card-exists',
      title: 'Card already issued',
      detail: `A card with UID ${uid}${cardId ? ` (card ${cardId})` : ''} is already registered; a chip is issued once.`,
    });
  }

  private async store(
    command: IssueCardCommand,
    chip: { keyVersion: number; lastCounter: number; personalisedAt?: string },
  ): Promise<CardDocument> {
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
      keyVersion: chip.keyVersion,
      lastCounter: chip.lastCounter,
      ...(chip.personalisedAt
        ? {
            personalisedAt: chip.personalisedAt,
            keyHistory: [
              {
                version: chip.keyVersion,
                at: now,
                reason: `personalised at ${chip.personalisedAt}`,
              },
            ],
          }
        : {}),
      issuedAt: now,
      expiresAt: new Date(
        now.getTime() + (command.validityDays ?? this.options.validityDays) * DAY_MS,
      ),
      ...(command.replaces ? { replaces: command.replaces } : {}),
    };
    try {
      await this.cards.create(doc);
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) throw this.chipTaken(uid);
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

  /** `replace`, with the new card personalised on a desk station's reader. */
  async replaceAtStation(
    cardId: string,
    desk: DeskStation,
    reason = 'replaced',
  ): Promise<{ old: CardDocument; card: CardDocument }> {
    const old = await this.get(cardId);
    if (old.status !== 'active') throw this.notActive(old);
    const card = await this.issueAtStation({ patientId: old.patientId, desk, replaces: old._id });
    const ended = await this.endCard(cardId, 'replaced', `${reason}: by ${card._id}`);
    return { old: ended, card };
  }

  /**
   * Re-keys an active card on a desk station's reader: the chip gets the keys of version n+1
   * (authenticating with those of version n), and only once it answers with a SUN that verifies
   * under them does the card's key version move on. From then on, a SUN made with the old keys is
   * refused. A re-keying cut short is finished by running it again on the same card.
   */
  async rekey(cardId: string, desk: DeskStation, actor: string): Promise<CardDocument> {
    const { desk: personalisation } = this.requireKeys();
    const card = await this.get(cardId);
    if (card.status !== 'active') throw this.notActive(card);
    const from = card.keyVersion;
    if (from >= 255)
      throw new HttpError({
        status: 409,
        code: 'key-versions-exhausted',
        title: 'No key version left',
        detail: `Card ${card._id} is at key version 255, the last one; issue a new card instead.`,
      });
    const written = await personalisation.personalise(desk, {
      uid: card.uid,
      currentKeyVersion: from,
      keyVersion: from + 1,
    });
    const now = this.now();
    const updated = await this.cards
      .findOneAndUpdate(
        { _id: card._id, status: 'active', keyVersion: from },
        {
          $set: {
            keyVersion: written.keyVersion,
            lastCounter: Math.max(written.counter, card.lastCounter),
          },
          $push: {
            keyHistory: {
              version: written.keyVersion,
              at: now,
              reason: `re-keyed at ${desk.stationId} (${actor})`,
            },
          },
        },
        { returnDocument: 'after' },
      )
      .lean<CardDocument>();
    if (updated) return updated;
    const current = await this.get(cardId);
    if (current.keyVersion === written.keyVersion) return current;
    throw this.notActive(current);
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
