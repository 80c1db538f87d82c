import { Schema, type Collection, type Connection, type Model } from 'mongoose';

/** One kiosk session per station (`_id` = station id): a new tap on the station replaces it. */
export interface KioskSessionDocument {
  _id: string;
  /** SHA-256 (hex) of the 256-bit bearer token; the token itself is never stored here. */
  tokenHash: string;
  patientId: string;
  cardId: string;
  patient: { id: string; maskedName: string; birthYear?: number };
  createdAt: Date;
  lastActivityAt: Date;
  /** Hard cap (created + 10 min by default); a TTL index (where supported) removes what the sweeper has not. */
  expiresAt: Date;
}

const sessionSchema = new Schema<KioskSessionDocument>(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true },
    patientId: { type: String, required: true },
    cardId: { type: String, required: true },
    patient: { _id: false, id: { type: String, required: true }, maskedName: { type: String, required: true }, birthYear: Number },
    createdAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'kiosk_sessions', versionKey: false },
);
sessionSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_unique' });
sessionSchema.index({ lastActivityAt: 1 });

/**
 * TTL clean-up where the database has it (MongoDB); FerretDB 1.x answers "expireAfterSeconds is not
 * implemented", and there the sweeper of KioskService, which ends every stale session, is the clean-up.
 */
export async function ensureTtlIndex(model: { collection: Collection }, field: string, expireAfterSeconds: number): Promise<boolean> {
  try {
    await model.collection.createIndex({ [field]: 1 }, { expireAfterSeconds, name: `${field}_ttl` });
    return true;
  } catch {
    return false;
  }
}

export type KioskSessionModel = Model<KioskSessionDocument>;

export function kioskSessionModel(connection: Connection): KioskSessionModel {
  return (connection.models.KioskSession as KioskSessionModel | undefined) ?? connection.model<KioskSessionDocument>('KioskSession', sessionSchema);
}
