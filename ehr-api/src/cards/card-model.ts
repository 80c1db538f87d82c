import { Schema, type Connection, type Model } from 'mongoose';

export const CARD_STATUSES = ['active', 'revoked', 'replaced', 'expired'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export interface CardStatusChange {
  status: CardStatus;
  at: Date;
  reason?: string;
}

/** A province patient card (NTAG 424 DNA). Nothing personal is on the card; this document links it. */
export interface CardDocument {
  /** Card id printed on the card (random, e.g. `QN-7K4M-9XTA`); also the FHIR Patient card identifier. */
  _id: string;
  /** The chip's 7-byte UID, upper-case hex. Unique: one document per chip. */
  uid: string;
  /** FHIR Patient id in HAPI. */
  patientId: string;
  status: CardStatus;
  statusHistory: CardStatusChange[];
  /** Version of the master key this card's SDM file-read key was diversified from. */
  keyVersion: number;
  /** Highest SUN read counter accepted so far; a tap must present a higher one. */
  lastCounter: number;
  issuedAt: Date;
  expiresAt: Date;
  /** The card this one replaced, when it is a replacement. */
  replaces?: string;
  lastTapAt?: Date;
  /** Key versions the chip went through (issue, re-keying), oldest first. */
  keyHistory?: CardKeyChange[];
  /** The station whose reader personalised the chip, when the desk did. */
  personalisedAt?: string;
}

export interface CardKeyChange {
  version: number;
  at: Date;
  reason: string;
}

const cardSchema = new Schema<CardDocument>(
  {
    _id: { type: String, required: true },
    uid: { type: String, required: true },
    patientId: { type: String, required: true },
    status: { type: String, enum: CARD_STATUSES, required: true },
    statusHistory: {
      type: [
        {
          _id: false,
          status: { type: String, enum: CARD_STATUSES, required: true },
          at: { type: Date, required: true },
          reason: String,
        },
      ],
      default: [],
    },
    keyVersion: { type: Number, required: true },
    lastCounter: { type: Number, required: true, default: -1 },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    replaces: String,
    lastTapAt: Date,
    keyHistory: {
      type: [
        {
          _id: false,
          version: { type: Number, required: true },
          at: { type: Date, required: true },
          reason: { type: String, required: true },
        },
      ],
      default: undefined,
    },
    personalisedAt: String,
  },
  { collection: 'cards', versionKey: false },
);
cardSchema.index({ uid: 1 }, { unique: true, name: 'uid_unique' });
cardSchema.index({ patientId: 1, status: 1 });

export type CardModel = Model<CardDocument>;

export function cardModel(connection: Connection): CardModel {
  return (
    (connection.models.Card as CardModel | undefined) ??
    connection.model<CardDocument>('Card', cardSchema)
  );
}

/**
 * One document per accepted (card, SUN counter): its unique _id is what makes a SUN message
 * single-use. A conditional update alone is not enough on FerretDB 1.24, where concurrent
 * conditional updates of one document can all succeed; an insert into a unique key cannot.
 */
export interface CardTapDocument {
  /** `<cardId>:<counter>` */
  _id: string;
  cardId: string;
  counter: number;
  at: Date;
}

const cardTapSchema = new Schema<CardTapDocument>(
  {
    _id: { type: String, required: true },
    cardId: { type: String, required: true },
    counter: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'card_taps', versionKey: false },
);

export type CardTapModel = Model<CardTapDocument>;

export function cardTapModel(connection: Connection): CardTapModel {
  return (
    (connection.models.CardTap as CardTapModel | undefined) ??
    connection.model<CardTapDocument>('CardTap', cardTapSchema)
  );
}
