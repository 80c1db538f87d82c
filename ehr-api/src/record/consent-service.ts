import { createHash } from 'node:crypto';
import type { Consent, Patient } from 'fhir/r4.js';
import type { ConsentState, RecordHospital } from '@qn/contracts';
import { HttpError } from '../errors/http-error.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import { PROFILE } from '../fhir/profiles.js';
import { HOSPITAL_CODES, HOSPITAL_NAMES, type HospitalCode } from '../ingestion/model.js';
import { vnInstant } from '../scheduling/fhir-publisher.js';

/** The Consent kept for one hospital record: one id per Patient, so a decision replaces the last. */
export function consentId(patientId: string): string {
  const id = `share-${patientId}`;
  // FHIR ids are at most 64 characters; a long patient id is hashed (still one per patient).
  return id.length <= 64
    ? id
    : `share-${createHash('sha256').update(patientId).digest('hex').slice(0, 40)}`;
}

/** Who took a decision down: the patient at a kiosk, or a member of staff of a hospital. */
export type ConsentRecorder = { kind: 'patient' } | { kind: 'staff'; hospital?: string };

export interface ConsentDecision extends ConsentState {
  /** The Patient whose Consent holds the latest decision. */
  patientId?: string;
}

const hospitalOf = (code: string): RecordHospital => ({
  id: code,
  name: HOSPITAL_CODES.includes(code as HospitalCode) ? HOSPITAL_NAMES[code as HospitalCode] : code,
});

/**
 * The patient's consent to share their record between the three hospitals, as FHIR Consents
 * (VNQNConsent) in HAPI, one per hospital record (`Consent/share-<patientId>`), replaced by each
 * new decision. The province shares records for treatment unless the patient withdraws (an
 * opt-out policy): with no Consent the answer is `not-recorded` and records are shared.
 *
 * Decisions are read by id, never searched: HAPI answers a repeated search from its cache for a
 * minute, and a withdrawal must hold from the very next read.
 */
export class ConsentService {
  constructor(
    private readonly fhir: FhirStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The latest decision over a person's hospital records (the patient decides for all of them). */
  async decision(patientIds: readonly string[]): Promise<ConsentDecision> {
    const consents = await Promise.all(patientIds.map((id) => this.read(id)));
    let latest: { consent: Consent; patientId: string } | undefined;
    consents.forEach((consent, i) => {
      if (!consent) return;
      // Compared as instants: a Consent written elsewhere may give its time in another offset.
      if (!latest || Date.parse(consent.dateTime ?? '') > Date.parse(latest.consent.dateTime ?? ''))
        latest = { consent, patientId: patientIds[i]! };
    });
    if (!latest) return { sharing: 'not-recorded' };
    const organization = latest.consent.organization?.[0]?.reference?.replace(
      /^Organization\//,
      '',
    );
    return {
      sharing: latest.consent.provision?.type === 'deny' ? 'withdrawn' : 'permitted',
      ...(latest.consent.dateTime ? { decidedAt: latest.consent.dateTime } : {}),
      ...(organization ? { recordedAt: hospitalOf(organization) } : {}),
      patientId: latest.patientId,
    };
  }

  /**
   * Records the patient's decision on their hospital record `patientId`: a permit (opt-in) or a
   * deny (opt-out) of sharing with the other hospitals for treatment. `recordedBy` names who
   * took it down: the patient at a kiosk, or a member of staff.
   */
  async decide(
    patientId: string,
    share: boolean,
    recordedBy: ConsentRecorder,
  ): Promise<ConsentState> {
    let patient: Patient;
    try {
      patient = await this.fhir.read<Patient>('Patient', patientId);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 410))
        throw new HttpError({
          status: 404,
          code: 'not-found',
          title: 'No such patient',
          detail: `There is no patient ${patientId}.`,
        });
      throw error;
    }
    const home = patient.managingOrganization?.reference?.replace(/^Organization\//, '');
    const hospital =
      recordedBy.kind === 'staff' && recordedBy.hospital ? recordedBy.hospital : home;
    const others = HOSPITAL_CODES.filter((code) => code !== home);
    const now = this.clock();
    const consent: Consent & { id: string } = {
      resourceType: 'Consent',
      id: consentId(patientId),
      meta: { profile: [PROFILE.Consent] },
      status: 'active',
      scope: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/consentscope',
            code: 'patient-privacy',
            display: 'Privacy Consent',
          },
        ],
      },
      category: [
        { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
      ],
      patient: { reference: `Patient/${patientId}` },
      dateTime: vnInstant(now),
      performer: [
        recordedBy.kind === 'patient'
          ? { reference: `Patient/${patientId}` }
          : { reference: `Patient/${patientId}`, display: 'recorded by reception' },
      ],
      ...(hospital ? { organization: [{ reference: `Organization/${hospital}` }] } : {}),
      policyRule: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: share ? 'OPTIN' : 'OPTOUT',
            display: share ? 'opt-in' : 'opt-out',
          },
        ],
      },
      provision: {
        type: share ? 'permit' : 'deny',
        period: { start: vnInstant(now) },
        actor: others.map((code) => ({
          role: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
                display: 'information recipient',
              },
            ],
          },
          reference: { reference: `Organization/${code}` },
        })),
        purpose: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
            code: 'TREAT',
            display: 'treatment',
          },
        ],
      },
    };
    await this.fhir.update(consent);
    return {
      sharing: share ? 'permitted' : 'withdrawn',
      decidedAt: consent.dateTime!,
      ...(hospital ? { recordedAt: hospitalOf(hospital) } : {}),
    };
  }

  /** The hospital of each of these Patients (its managing organization), by Patient id. */
  async hospitalsOf(patientIds: readonly string[]): Promise<Map<string, string>> {
    const bundle = await this.fhir.search<Patient>('Patient', {
      _id: patientIds.join(','),
      _elements: 'managingOrganization',
      _count: 50,
    });
    const hospitals = new Map<string, string>();
    for (const patient of (bundle.entry ?? []).map((e) => e.resource)) {
      const hospital = patient?.managingOrganization?.reference?.replace(/^Organization\//, '');
      if (patient?.id && hospital) hospitals.set(patient.id, hospital);
    }
    return hospitals;
  }

  private async read(patientId: string): Promise<Consent | undefined> {
    try {
      return await this.fhir.read<Consent>('Consent', consentId(patientId));
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 410))
        return undefined;
      throw error;
    }
  }
}
