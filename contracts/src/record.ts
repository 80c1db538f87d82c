import { z } from 'zod';

/**
 * A patient's record merged across the three hospitals, as the doctor face shows it: one timeline
 * where every entry names the hospital it came from, and lab results grouped into trend series.
 */

export const recordHospitalSchema = z.object({
  /** Organization id in HAPI, e.g. "bv-bai-chay". */
  id: z.string(),
  name: z.string(),
});

/** One hospital's own Patient that is part of this person's record, and why it was linked. */
export const linkedPatientSchema = z.object({
  patientId: z.string(),
  hospital: recordHospitalSchema,
  mrn: z.string().optional(),
  name: z.string(),
  birthDate: z.string().optional(),
  gender: z.string().optional(),
  /** FHIR Person.link.assurance: level4 = same CCCD/BHYT, level3 = probabilistic match. */
  assurance: z.string().optional(),
});

export const timelineKindSchema = z.enum([
  'encounter',
  'condition',
  'lab',
  'medication',
  'procedure',
  'allergy',
  'report',
  'note',
]);

export const timelineEntrySchema = z.object({
  /** "Encounter/dkt-enc-…": the FHIR resource it shows, readable through /fhir. */
  reference: z.string(),
  kind: timelineKindSchema,
  /** FHIR date or dateTime; entries without a date sort last. */
  date: z.string().optional(),
  hospital: recordHospitalSchema,
  /** One line, as the source wrote it (Vietnamese). */
  title: z.string(),
  /** Code with its system's short name, e.g. "ICD-10 J18.9", "LOINC 14749-6". */
  code: z.string().optional(),
  detail: z.string().optional(),
  /** Reference of the Encounter this entry belongs to, to group entries by visit. */
  encounter: z.string().optional(),
  /** H, L, N… for results. */
  interpretation: z.string().optional(),
});

export const labPointSchema = z.object({
  date: z.string(),
  value: z.number(),
  hospital: recordHospitalSchema,
  interpretation: z.string().optional(),
});

/** One test over time across hospitals (grouped by LOINC where mapped, else by the local code). */
export const labSeriesSchema = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string().optional(),
  referenceLow: z.number().optional(),
  referenceHigh: z.number().optional(),
  points: z.array(labPointSchema),
});

export const sharedRecordSchema = z.object({
  /** The patient asked for, and every hospital Patient linked to them. */
  patientId: z.string(),
  personId: z.string().optional(),
  patients: z.array(linkedPatientSchema),
  /** Newest first. */
  timeline: z.array(timelineEntrySchema),
  labSeries: z.array(labSeriesSchema),
  allergies: z.array(timelineEntrySchema),
  /** Counts per kind, for the summary line. */
  counts: z.record(z.string(), z.number().int()),
  /** How the request was authorised: a treatment relationship, or break-glass with its reason. */
  access: z.object({
    basis: z.enum(['treatment', 'break-glass', 'self', 'admin']),
    reason: z.string().optional(),
    /** The patient's latest decision on sharing between the hospitals (see consentStateSchema). */
    consent: z.enum(['permitted', 'withdrawn', 'not-recorded']).optional(),
    /**
     * How many other hospitals' records were left out because the patient withdrew consent to
     * share: the reader sees their own hospital's records only. A count, not names: which
     * hospitals a patient attends (the maternity and children's hospital, say) is itself private.
     * Break-glass and the patient's own view leave nothing out.
     */
    withheldHospitalCount: z.number().int().positive().optional(),
  }),
});

/**
 * A patient's decision on sharing their record between the three hospitals, kept as a FHIR
 * Consent per hospital record. Not recorded: the province's default, sharing for treatment.
 */
export const consentStateSchema = z.object({
  sharing: z.enum(['permitted', 'withdrawn', 'not-recorded']),
  /** When the patient last decided, and at which hospital it was recorded. */
  decidedAt: z.string().optional(),
  recordedAt: recordHospitalSchema.optional(),
});
export type ConsentState = z.infer<typeof consentStateSchema>;

export const consentChangeSchema = z.object({ share: z.boolean() }).strict();
export type ConsentChange = z.infer<typeof consentChangeSchema>;

export type RecordHospital = z.infer<typeof recordHospitalSchema>;
export type LinkedPatient = z.infer<typeof linkedPatientSchema>;
export type TimelineKind = z.infer<typeof timelineKindSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type LabPoint = z.infer<typeof labPointSchema>;
export type LabSeries = z.infer<typeof labSeriesSchema>;
export type SharedRecord = z.infer<typeof sharedRecordSchema>;

/** Patient search for reception and doctors (`GET /api/patients?q=`). */
export const patientSearchResultSchema = z.object({
  patientId: z.string(),
  hospital: recordHospitalSchema,
  mrn: z.string().optional(),
  name: z.string(),
  birthDate: z.string().optional(),
  gender: z.string().optional(),
  /** Masked: the last 4 digits only, e.g. "********4521". */
  cccdMasked: z.string().optional(),
  bhyt: z.string().optional(),
  phone: z.string().optional(),
});
export type PatientSearchResult = z.infer<typeof patientSearchResultSchema>;
