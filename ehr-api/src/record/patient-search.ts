import type { Connection } from 'mongoose';
import type { Patient } from 'fhir/r4.js';
import { HttpError } from '../errors/http-error.js';
import { nameLine } from '../fhir/human-name.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import type { PatientSearchResult, RecordHospital } from '@qn/contracts';
import { identityModels, type MemberDocument } from '../identity/models.js';
import {
  bhytSocialInsuranceNumber,
  foldVietnamese,
  normalizePhone,
} from '../identity/normalize.js';
import { patientResourceId } from '../ingestion/normalise/to-fhir.js';
import { HOSPITAL_CODES, HOSPITAL_NAMES } from '../ingestion/model.js';

export type SearchKind = 'patient-id' | 'cccd' | 'bhyt' | 'phone' | 'birth-date' | 'mrn' | 'name';

/** Our FHIR Patient ids (`dkt-pat-<hash>`, see ingestion/normalise/to-fhir.ts): a day list opens its patients by id. */
const PATIENT_ID = /^[a-z]{3}-pat-[0-9a-f]{24}$/;

/**
 * Finds patients for reception and doctors in the identity index that ingestion keeps (every
 * hospital's patients, with their identifiers and folded names), not in HAPI: HAPI's name search
 * neither folds "đ" nor matches names in another word order, and phone numbers arrive written
 * three ways. One indexed equality query per kind of text.
 */
export class PatientSearch {
  private readonly members;

  constructor(
    connection: Connection,
    private readonly fhir?: FhirStore,
  ) {
    this.members = identityModels(connection).members;
  }

  /** One Patient by its id, read from HAPI (the identity index is keyed by hospital and MRN). */
  private async byPatientId(patientId: string): Promise<PatientSearchResult[]> {
    if (!this.fhir) return [];
    let patient: Patient;
    try {
      patient = await this.fhir.read<Patient>('Patient', patientId);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 410)) return [];
      throw error;
    }
    const hospitalId =
      patient.managingOrganization?.reference?.replace(/^Organization\//, '') ?? '';
    const identifier = (part: string): string | undefined =>
      patient.identifier?.find((i) => i.system?.includes(part))?.value;
    const cccd = identifier('/sid/cccd');
    const mrn = identifier('/sid/mrn/');
    const bhyt = identifier('insurance_number');
    const phone = patient.telecom?.find((t) => t.system === 'phone')?.value;
    return [
      {
        patientId,
        hospital: {
          id: hospitalId,
          name: HOSPITAL_CODES.includes(hospitalId as never)
            ? HOSPITAL_NAMES[hospitalId as keyof typeof HOSPITAL_NAMES]
            : hospitalId,
        },
        ...(mrn ? { mrn } : {}),
        name: nameLine(patient.name?.[0]),
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
        ...(patient.gender ? { gender: patient.gender } : {}),
        ...(cccd ? { cccdMasked: `********${cccd.slice(-4)}` } : {}),
        ...(bhyt ? { bhyt } : {}),
        ...(phone ? { phone } : {}),
      },
    ];
  }

  kindOf(text: string): SearchKind {
    if (PATIENT_ID.test(text.trim())) return 'patient-id';
    const compact = text.replace(/[\s.-]/g, '');
    if (/^\d{12}$/.test(compact)) return 'cccd';
    if (/^[A-Za-z]{2}\d{13}$/.test(compact)) return 'bhyt';
    if (/^(\+?84|0)\d{9,10}$/.test(compact)) return 'phone';
    if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(text.trim()) || /^\d{4}-\d{2}-\d{2}$/.test(text.trim()))
      return 'birth-date';
    if (/\d/.test(compact)) return 'mrn';
    return 'name';
  }

  async search(text: string, limit: number): Promise<PatientSearchResult[]> {
    const kind = this.kindOf(text);
    if (kind === 'patient-id') return this.byPatientId(text.trim());
    const compact = text.replace(/[\s.-]/g, '');
    let filter: Record<string, unknown>;
    switch (kind) {
      case 'cccd':
        filter = { blocks: `c:${compact}` };
        break;
      case 'bhyt': {
        const sin = bhytSocialInsuranceNumber({ number: compact.toUpperCase() });
        filter = sin ? { blocks: `s:${sin}` } : { 'facts.bhyt.number': compact.toUpperCase() };
        break;
      }
      case 'phone':
        filter = { blocks: `p:${normalizePhone(compact) ?? compact}` };
        break;
      case 'birth-date': {
        const trimmed = text.trim();
        const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
        const iso = dmy
          ? `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`
          : trimmed;
        filter = { 'facts.birthDate': iso };
        break;
      }
      case 'mrn':
        filter = { mrn: text.trim() };
        break;
      default: {
        const words = foldVietnamese(text).split(' ').filter(Boolean);
        const family = words[0];
        const given = words.at(-1);
        // Members are filed under every word order of their name: "Lan Nguyễn Thị" finds Nguyễn Thị Lan.
        filter =
          words.length >= 2 && family && given
            ? { blocks: `fg:${family}|${given}` }
            : { blocks: { $regex: `^fg:(${escape(words[0] ?? '')})\\|` } };
      }
    }
    const found = await this.members
      .find(filter)
      .limit(limit * 2)
      .lean<MemberDocument[]>();
    const folded = foldVietnamese(text);
    // Several words: every typed word must be in the name (the key matched only the first and last).
    const matches =
      kind === 'name'
        ? found.filter((m) =>
            folded
              .split(' ')
              .every((word) => foldVietnamese(m.facts.fullName).split(' ').includes(word)),
          )
        : found;
    return matches.slice(0, limit).map((member) => toResult(member));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toResult(member: MemberDocument): PatientSearchResult {
  const hospital: RecordHospital = {
    id: member.hospital,
    name: HOSPITAL_CODES.includes(member.hospital)
      ? HOSPITAL_NAMES[member.hospital]
      : member.hospital,
  };
  const { facts } = member;
  return {
    patientId: patientResourceId(member.hospital, member.mrn),
    hospital,
    mrn: member.mrn,
    name: facts.fullName,
    ...(facts.birthDate ? { birthDate: facts.birthDate } : {}),
    ...(facts.gender ? { gender: facts.gender } : {}),
    ...(facts.cccd ? { cccdMasked: `********${facts.cccd.slice(-4)}` } : {}),
    ...(facts.bhyt ? { bhyt: facts.bhyt.number } : {}),
    ...(facts.phone ? { phone: facts.phone } : {}),
  };
}
