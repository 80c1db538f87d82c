import { Schema, type Connection, type Model } from 'mongoose';
import {
  HOSPITAL_CODES,
  SOURCE_FORMATS,
  type HospitalCode,
  type RecordIssue,
  type SourceFormat,
} from './model.js';

export const RECORD_STATES = ['loaded', 'merged', 'rejected'] as const;
export type RecordState = (typeof RECORD_STATES)[number];

export interface StateCounts {
  received: number;
  loaded: number;
  merged: number;
  rejected: number;
}

export interface IngestionJob {
  _id: string;
  hospital: HospitalCode;
  format: SourceFormat;
  /** File or folder name, "upload:<name>" or "mllp:<peer>". */
  source: string;
  /** running → finished (every record has its state) or failed (stopped early: see `error`). */
  status: 'running' | 'finished' | 'failed';
  error?: string;
  createdBy: string;
  startedAt: Date;
  finishedAt?: Date;
  /** Written once by the job's runner when it ends; while running, counts come from the records. */
  counts?: StateCounts;
}

/**
 * One input record's final state. Written once per record with a unique (job, sequence) key, so a
 * job's counts are a count of these and nothing can be counted twice or lost between two writers.
 */
export interface IngestionRecord {
  jobId: string;
  sequence: number;
  hospital: HospitalCode;
  format: SourceFormat;
  sourceRecordId: string;
  state: RecordState;
  /** For loaded and merged: the hospital Patient and the person it is linked to. */
  patientId?: string;
  personId?: string;
  identityStatus?: string;
  resourceCount?: number;
  /** For rejected: why, as a FHIR OperationOutcome (ours or HAPI's). */
  outcome?: { resourceType: 'OperationOutcome'; issue: unknown[] };
  /** For rejected: the record as received, so hospital IT can fix and resend it. */
  raw?: string;
  warnings?: RecordIssue[];
  at: Date;
}

export interface IngestionModels {
  jobs: Model<IngestionJob>;
  records: Model<IngestionRecord>;
}

export function ingestionModels(connection: Connection): IngestionModels {
  if (connection.models.IngestionJob) {
    return {
      jobs: connection.models.IngestionJob as Model<IngestionJob>,
      records: connection.models.IngestionRecord as Model<IngestionRecord>,
    };
  }
  const jobSchema = new Schema<IngestionJob>(
    {
      _id: { type: String, required: true },
      hospital: { type: String, enum: HOSPITAL_CODES, required: true },
      format: { type: String, enum: SOURCE_FORMATS, required: true },
      source: { type: String, required: true },
      status: { type: String, enum: ['running', 'finished', 'failed'], required: true },
      error: String,
      createdBy: { type: String, required: true },
      startedAt: { type: Date, required: true },
      finishedAt: Date,
      counts: { received: Number, loaded: Number, merged: Number, rejected: Number },
    },
    { collection: 'ingestion_jobs', versionKey: false },
  );
  jobSchema.index({ startedAt: -1 });
  jobSchema.index({ hospital: 1, startedAt: -1 });
  const recordSchema = new Schema<IngestionRecord>(
    {
      jobId: { type: String, required: true },
      sequence: { type: Number, required: true },
      hospital: { type: String, required: true },
      format: { type: String, required: true },
      sourceRecordId: { type: String, required: true },
      state: { type: String, enum: RECORD_STATES, required: true },
      patientId: String,
      personId: String,
      identityStatus: String,
      resourceCount: Number,
      outcome: Schema.Types.Mixed,
      raw: String,
      warnings: Schema.Types.Mixed,
      at: { type: Date, required: true },
    },
    { collection: 'ingestion_records', versionKey: false },
  );
  recordSchema.index({ jobId: 1, sequence: 1 }, { unique: true });
  recordSchema.index({ jobId: 1, state: 1 });
  recordSchema.index({ hospital: 1, state: 1, at: -1 });
  return {
    jobs: connection.model<IngestionJob>('IngestionJob', jobSchema),
    records: connection.model<IngestionRecord>('IngestionRecord', recordSchema),
  };
}
