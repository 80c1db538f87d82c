import { randomInt } from 'node:crypto';
import type { PatientSearchResult } from '@qn/contracts';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { z } from 'zod';
import { badRequest, HttpError } from '../errors/http-error.js';
import { identityModels } from '../identity/models.js';
import type { IngestionService } from '../ingestion/ingestion-service.js';
import {
  HOSPITAL_CODES,
  HOSPITAL_NAMES,
  type HospitalCode,
  type HospitalRecord,
} from '../ingestion/model.js';
import {
  NormaliseError,
  normaliseRecord,
  patientResourceId,
} from '../ingestion/normalise/to-fhir.js';

/** What reception types for a new patient; everything else comes from the hospital and the clock. */
export const registrationBody = z
  .object({
    fullName: z
      .string()
      .trim()
      .min(2, 'write the full name, family name first (e.g. Nguyễn Thị Lan)')
      .max(120)
      .regex(/^[\p{L}\p{M}' .-]+$/u, 'letters, spaces, apostrophes and hyphens only'),
    birthDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
      .refine((value) => {
        const day = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
      }, 'not a day of the calendar')
      .refine((value) => value >= '1900-01-01', 'before 1900: check the year')
      .refine(
        (value) => value <= new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10),
        'in the future',
      ),
    gender: z.enum(['male', 'female', 'other', 'unknown']),
    cccd: z
      .string()
      .transform((v) => v.replace(/[\s.-]/g, ''))
      .pipe(z.string().regex(/^\d{12}$/, 'a CCCD has 12 digits'))
      .optional(),
    bhyt: z
      .string()
      .transform((v) => v.replace(/[\s.-]/g, '').toUpperCase())
      .pipe(
        z
          .string()
          .regex(
            /^[A-Z]{2}[1-5]\d{12}$/,
            'a BHYT card number is 2 letters, then 13 digits (the first 1–5)',
          ),
      )
      .optional(),
    phone: z
      .string()
      .transform((v) => v.replace(/[\s.()-]/g, ''))
      .pipe(z.string().regex(/^(\+?84|0)\d{9,10}$/, 'a Vietnamese phone number, e.g. 0912 345 678'))
      .optional(),
    address: z.string().trim().min(3).max(300).optional(),
    /** Administrators only, who belong to no hospital; reception registers at its own. */
    hospital: z.enum(HOSPITAL_CODES).optional(),
  })
  .strict();
export type RegistrationInput = z.infer<typeof registrationBody>;

export interface RegistrationResult {
  patient: PatientSearchResult;
  /** The same person's records at the other hospitals, found by identity matching on the CCCD. */
  alsoKnownAt: Array<{ id: HospitalCode; name: string }>;
}

/** A patient number given once per hospital: inserting `<hospital>|<number>` is the claim. */
interface PatientNumberDocument {
  _id: string;
  at: Date;
  /** On a `<hospital>|cccd:<cccd>` claim: the patient number it was registered under. */
  mrn?: string;
}

const patientNumberSchema = new Schema<PatientNumberDocument>(
  { _id: { type: String, required: true }, at: { type: Date, required: true }, mrn: String },
  { collection: 'patient_numbers', versionKey: false },
);

const SHORT: Record<HospitalCode, string> = {
  'bvdk-tinh-quang-ninh': 'DK',
  'bv-san-nhi-quang-ninh': 'SN',
  'bv-bai-chay': 'BC',
};

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/**
 * Registers a patient who is new to a hospital at its reception desk. The registration is a
 * record like any the hospital's own system sends (event `register`), so it goes through the
 * ingestion pipeline: the same checks (CCCD against sex and birth year, BHYT, phone), the same
 * FHIR Patient with the project's profile, identity matching that links the person's records at
 * the other hospitals, and a job in the operations figures. Only the patient number is made
 * here, because reception has no hospital system to take it from.
 */
export class PatientRegistration {
  private readonly numbers: Model<PatientNumberDocument>;
  private readonly members;

  constructor(
    connection: Connection,
    private readonly ingestion: IngestionService,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.numbers =
      (connection.models.PatientNumber as Model<PatientNumberDocument> | undefined) ??
      connection.model<PatientNumberDocument>('PatientNumber', patientNumberSchema);
    this.members = identityModels(connection).members;
  }

  async register(
    input: RegistrationInput,
    hospital: HospitalCode,
    registeredBy: string,
  ): Promise<RegistrationResult> {
    const now = this.clock();
    const recordFor = (mrn: string): HospitalRecord => ({
      hospital,
      format: 'csv',
      sourceRecordId: `reception:${mrn}`,
      sourceSystem: 'reception',
      event: 'register',
      patient: {
        mrn,
        fullName: input.fullName.replace(/\s+/g, ' '),
        gender: input.gender,
        birthDate: input.birthDate,
        ...(input.cccd ? { cccd: input.cccd } : {}),
        ...(input.bhyt ? { bhyt: { number: input.bhyt } } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        ...(input.address ? { address: { text: input.address } } : {}),
      },
      labResults: [],
      medications: [],
      procedures: [],
      notes: [],
    });
    // The pipeline would reject a record that breaks a rule and say so in its job; a person at the
    // desk needs it as a 400 naming the field, before anything is claimed or written.
    try {
      normaliseRecord(recordFor('CHECK'), { jobId: 'check' });
    } catch (error) {
      if (!(error instanceof NormaliseError)) throw error;
      const errors = error.issues
        .filter((issue) => issue.severity === 'error')
        .map((issue) => ({
          field: issue.location.replace(/^patient\./, ''),
          message: issue.message,
        }));
      throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    }
    const mrn = await this.newPatientNumber(hospital, now);
    // One registration per CCCD per hospital, claimed by a unique insert: two desks (or a double
    // click) registering the same person at once get one patient, not two.
    const cccdClaim = input.cccd ? `${hospital}|cccd:${input.cccd}` : undefined;
    if (input.cccd && cccdClaim) {
      const known = await this.members
        .findOne({ hospital, blocks: `c:${input.cccd}` })
        .lean<{ mrn: string }>();
      let existing = known?.mrn;
      if (existing === undefined) {
        try {
          await this.numbers.create({ _id: cccdClaim, at: now, mrn });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          existing =
            (await this.numbers.findById(cccdClaim).lean<PatientNumberDocument>())?.mrn ?? '';
        }
      }
      if (existing !== undefined)
        throw new HttpError({
          status: 409,
          code: 'patient-already-registered',
          title: 'Already registered here',
          detail: `A patient with CCCD ********${input.cccd.slice(-4)} is already registered at ${HOSPITAL_NAMES[hospital]}${existing ? ` (patient number ${existing})` : ''}. Open that patient instead of registering again.`,
          extra: existing
            ? { patientId: patientResourceId(hospital, existing), mrn: existing }
            : {},
        });
    }
    // Nothing registered: the CCCD may be registered again.
    const release = async (): Promise<void> => {
      if (cccdClaim) await this.numbers.deleteOne({ _id: cccdClaim }).catch(() => undefined);
    };
    const record = recordFor(mrn);
    let summary;
    try {
      summary = await this.ingestion.ingest([{ ok: true, record, warnings: [], raw: '' }], {
        hospital,
        format: 'csv',
        source: `reception:${registeredBy}`,
        createdBy: registeredBy,
      });
    } catch (error) {
      await release();
      throw error;
    }
    if (summary.counts.loaded + summary.counts.merged !== 1) {
      await release();
      throw new HttpError({
        status: 503,
        code: 'registration-not-stored',
        title: 'Not registered',
        detail: `The registration could not be stored (ingestion job ${summary.job._id}); nothing was kept. Try again in a moment.`,
      });
    }
    const patientId = patientResourceId(hospital, mrn);
    const others = input.cccd
      ? await this.members
          .find({ blocks: `c:${input.cccd}`, hospital: { $ne: hospital } }, { hospital: 1 })
          .lean<Array<{ hospital: HospitalCode }>>()
      : [];
    return {
      patient: {
        patientId,
        hospital: { id: hospital, name: HOSPITAL_NAMES[hospital] },
        mrn,
        name: record.patient.fullName,
        birthDate: input.birthDate,
        gender: input.gender,
        ...(input.cccd ? { cccdMasked: `********${input.cccd.slice(-4)}` } : {}),
        ...(input.bhyt ? { bhyt: input.bhyt } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
      },
      alsoKnownAt: [...new Set(others.map((m) => m.hospital))].map((id) => ({
        id,
        name: HOSPITAL_NAMES[id],
      })),
    };
  }

  /**
   * `<DK|SN|BC><yymmdd><4 digits>`: readable on a wristband and a queue slip. Claimed by a unique
   * insert, so two desks can never give one number twice; a taken number is drawn again.
   */
  private async newPatientNumber(hospital: HospitalCode, now: Date): Promise<string> {
    const day = new Date(now.getTime() + 7 * 3_600_000)
      .toISOString()
      .slice(2, 10)
      .replaceAll('-', '');
    for (let attempt = 0; attempt < 20; attempt++) {
      const mrn = `${SHORT[hospital]}${day}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
      try {
        await this.numbers.create({ _id: `${hospital}|${mrn}`, at: now });
        return mrn;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new HttpError({
      status: 503,
      code: 'no-patient-number',
      title: 'No patient number free',
      detail: 'No free patient number was found for today after 20 tries; try again.',
    });
  }
}
