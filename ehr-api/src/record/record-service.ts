import type { CodeableConcept, FhirResource, Organization, Patient, Person } from 'fhir/r4.js';
import type {
  LabSeries,
  LinkedPatient,
  RecordHospital,
  SharedRecord,
  TimelineEntry,
} from '@qn/contracts';
import { HttpError, notFound } from '../errors/http-error.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import { nameLine } from '../fhir/human-name.js';
import type { ConsentService } from './consent-service.js';

const SYSTEM_NAMES: Record<string, string> = {
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
  'http://loinc.org': 'LOINC',
};

const ENCOUNTER_CLASS: Record<string, string> = {
  AMB: 'Khám ngoại trú',
  IMP: 'Điều trị nội trú',
  EMER: 'Cấp cứu',
};

/** The clinical types of the shared record, with the search parameter that names the patient. */
const CLINICAL_SEARCHES = [
  ['Encounter', 'subject'],
  ['Condition', 'subject'],
  ['Observation', 'subject'],
  ['MedicationRequest', 'subject'],
  ['Procedure', 'subject'],
  ['DiagnosticReport', 'subject'],
  ['AllergyIntolerance', 'patient'],
  ['ClinicalImpression', 'subject'],
] as const;

/** The Patient a clinical resource is about (`subject`, or `patient` for allergies). */
function subjectOf(resource: FhirResource): string {
  const r = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
  return r.subject?.reference ?? r.patient?.reference ?? '';
}

function text(concept: CodeableConcept | undefined): string {
  return (
    concept?.text ??
    concept?.coding?.find((coding) => coding.display)?.display ??
    concept?.coding?.[0]?.code ??
    ''
  );
}

function codeLabel(concept: CodeableConcept | undefined, preferred: string[]): string | undefined {
  for (const system of preferred) {
    const coding = concept?.coding?.find((c) => c.system === system);
    if (coding?.code) return `${SYSTEM_NAMES[system] ?? system} ${coding.code}`;
  }
  return undefined;
}

/**
 * Reads one patient's record across the three hospitals from HAPI: the hospital Patients linked to
 * them (through the Person that identity matching keeps), then each clinical type in one search over
 * all of them, shaped into a timeline and lab trend series.
 */
export class RecordService {
  private hospitals: { at: number; byId: Map<string, RecordHospital> } | undefined;

  constructor(
    private readonly fhir: FhirStore,
    /** The patient's decision on sharing between hospitals; absent: everything linked is shared. */
    private readonly consent?: ConsentService,
  ) {}

  /** The ids of every hospital Patient linked to this one (itself included), and the Person if any. */
  async linkedPatientIds(
    patientId: string,
  ): Promise<{ personId?: string; patientIds: string[]; assurance: Map<string, string> }> {
    const bundle = await this.fhir.search<Person>('Person', {
      link: `Patient/${patientId}`,
      _count: 10,
    });
    // Normally one Person; were two left linking this patient (persons joined after publishing), their links are one record.
    const persons = (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((resource): resource is Person => resource?.resourceType === 'Person');
    const person = persons[0];
    const assurance = new Map<string, string>();
    const ids = new Set<string>([patientId]);
    for (const link of persons.flatMap((p) => p.link ?? [])) {
      const id = link.target.reference?.replace(/^Patient\//, '');
      if (id && link.target.reference?.startsWith('Patient/')) {
        ids.add(id);
        if (link.assurance) assurance.set(id, link.assurance);
      }
    }
    return { ...(person?.id ? { personId: person.id } : {}), patientIds: [...ids], assurance };
  }

  /**
   * One patient's record across the hospitals their records are linked at. When the patient has
   * withdrawn consent to share (ConsentService), a reader at a hospital (`viewerHospital`) gets
   * that hospital's records only, and the answer names the hospitals left out; break-glass and
   * the patient's own view are not narrowed.
   */
  async sharedRecord(
    patientId: string,
    access: SharedRecord['access'],
    viewerHospital?: string,
  ): Promise<SharedRecord> {
    const { personId, patientIds, assurance } = await this.linkedPatientIds(patientId);
    const subjects = patientIds.map((id) => `Patient/${id}`).join(',');
    const [patientBundle, hospitals, decision, ...bundles] = await Promise.all([
      this.fhir.search<Patient>('Patient', { _id: patientIds.join(','), _count: 50 }),
      this.hospitalNames(),
      this.consent?.decision(patientIds),
      ...CLINICAL_SEARCHES.map(([type, parameter]) =>
        this.fhir.search(type, { [parameter]: subjects, _count: 2000 }),
      ),
    ]);
    const narrowed =
      decision?.sharing === 'withdrawn' &&
      (access.basis === 'treatment' || access.basis === 'admin');
    const home = (patient: Patient): string =>
      patient.managingOrganization?.reference?.replace(/^Organization\//, '') ?? '';
    const allPatients = (patientBundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((r): r is Patient => r?.resourceType === 'Patient');
    const patients = narrowed
      ? allPatients.filter((p) => viewerHospital !== undefined && home(p) === viewerHospital)
      : allPatients;
    const withheld = narrowed
      ? new Set(allPatients.filter((p) => !patients.includes(p)).map(home)).size
      : 0;
    const shown = new Set(patients.map((p) => `Patient/${p.id ?? ''}`));
    if (!allPatients.some((patient) => patient.id === patientId))
      throw notFound(`No patient ${patientId}.`);
    if (narrowed && patients.length === 0)
      throw new HttpError({
        status: 403,
        code: 'consent-withdrawn',
        title: 'Sharing withdrawn',
        detail:
          'Người bệnh đã rút lại đồng ý chia sẻ hồ sơ giữa các bệnh viện và không có hồ sơ tại bệnh viện của bạn. Trong cấp cứu, hãy mở hồ sơ khẩn cấp và nêu lý do. (The patient withdrew consent to share and has no record at your hospital: in an emergency, use break-glass with a reason.)',
        extra: { breakGlass: `/api/patients/${patientId}/record/break-glass` },
      });
    const hospitalOfPatient = new Map<string, RecordHospital>();
    const unknownHospital: RecordHospital = { id: 'unknown', name: 'Không rõ cơ sở' };
    const linked: LinkedPatient[] = patients.map((patient) => {
      const organization =
        patient.managingOrganization?.reference?.replace(/^Organization\//, '') ?? '';
      const hospital = hospitals.get(organization) ?? {
        id: organization || 'unknown',
        name: organization || unknownHospital.name,
      };
      hospitalOfPatient.set(patient.id ?? '', hospital);
      const mrn = patient.identifier?.find((identifier) =>
        identifier.system?.includes('/sid/mrn/'),
      )?.value;
      return {
        patientId: patient.id ?? '',
        hospital,
        ...(mrn ? { mrn } : {}),
        name: nameLine(patient.name?.[0]),
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
        ...(patient.gender ? { gender: patient.gender } : {}),
        ...(assurance.get(patient.id ?? '') ? { assurance: assurance.get(patient.id ?? '') } : {}),
      };
    });
    const resources = bundles.flatMap((bundle) =>
      (bundle.entry ?? [])
        .map((entry) => entry.resource)
        .filter((r): r is FhirResource => r !== undefined)
        // Withdrawn consent: what belongs to the hospitals left out never leaves this function.
        .filter((r) => !narrowed || shown.has(subjectOf(r))),
    );
    const hospitalOf = (subject: string | undefined): RecordHospital =>
      hospitalOfPatient.get(subject?.replace(/^Patient\//, '') ?? '') ?? unknownHospital;

    const timeline: TimelineEntry[] = [];
    const allergies: TimelineEntry[] = [];
    const series = new Map<string, LabSeries>();
    for (const resource of resources) {
      const reference = `${resource.resourceType}/${resource.id ?? ''}`;
      switch (resource.resourceType) {
        case 'Encounter': {
          const encounter = resource;
          const department = text(encounter.serviceType);
          timeline.push({
            reference,
            kind: 'encounter',
            hospital: hospitalOf(encounter.subject?.reference),
            ...(encounter.period?.start ? { date: encounter.period.start } : {}),
            title: [ENCOUNTER_CLASS[encounter.class?.code ?? ''] ?? 'Lượt khám', department]
              .filter(Boolean)
              .join(' — '),
            ...(encounter.reasonCode?.[0] ? { detail: text(encounter.reasonCode[0]) } : {}),
          });
          break;
        }
        case 'Condition': {
          const condition = resource;
          const code = codeLabel(condition.code, ['http://hl7.org/fhir/sid/icd-10']);
          timeline.push({
            reference,
            kind: 'condition',
            hospital: hospitalOf(condition.subject?.reference),
            ...(condition.recordedDate
              ? { date: condition.recordedDate }
              : condition.onsetDateTime
                ? { date: condition.onsetDateTime }
                : {}),
            title: text(condition.code),
            ...(code ? { code } : {}),
            ...(condition.encounter?.reference ? { encounter: condition.encounter.reference } : {}),
          });
          break;
        }
        case 'Observation': {
          const observation = resource;
          const hospital = hospitalOf(observation.subject?.reference);
          const value = observation.valueQuantity?.value;
          const unit = observation.valueQuantity?.unit;
          const interpretation = observation.interpretation?.[0]?.coding?.[0]?.code;
          const code = codeLabel(observation.code, ['http://loinc.org']);
          timeline.push({
            reference,
            kind: 'lab',
            hospital,
            ...(observation.effectiveDateTime ? { date: observation.effectiveDateTime } : {}),
            title: text(observation.code),
            ...(code ? { code } : {}),
            detail:
              value !== undefined
                ? `${value}${unit ? ` ${unit}` : ''}`
                : (observation.valueString ?? ''),
            ...(interpretation ? { interpretation } : {}),
            ...(observation.encounter?.reference
              ? { encounter: observation.encounter.reference }
              : {}),
          });
          if (value !== undefined && observation.effectiveDateTime) {
            // The same test from three hospitals meets on its LOINC code; unmapped tests stay per hospital code.
            const loinc = observation.code.coding?.find(
              (c) => c.system === 'http://loinc.org',
            )?.code;
            const local = observation.code.coding?.[0];
            const key = loinc ? `loinc:${loinc}` : `${local?.system ?? ''}|${local?.code ?? ''}`;
            const entry = series.get(key) ?? {
              key,
              name: text(observation.code),
              ...(unit ? { unit } : {}),
              ...(observation.referenceRange?.[0]?.low?.value !== undefined
                ? { referenceLow: observation.referenceRange[0].low.value }
                : {}),
              ...(observation.referenceRange?.[0]?.high?.value !== undefined
                ? { referenceHigh: observation.referenceRange[0].high.value }
                : {}),
              points: [],
            };
            entry.points.push({
              date: observation.effectiveDateTime,
              value,
              hospital,
              ...(interpretation ? { interpretation } : {}),
            });
            series.set(key, entry);
          }
          break;
        }
        case 'MedicationRequest': {
          const medication = resource;
          timeline.push({
            reference,
            kind: 'medication',
            hospital: hospitalOf(medication.subject?.reference),
            ...(medication.authoredOn ? { date: medication.authoredOn } : {}),
            title: text(medication.medicationCodeableConcept),
            ...(medication.dosageInstruction?.[0]?.text
              ? { detail: medication.dosageInstruction[0].text }
              : {}),
            ...(medication.encounter?.reference
              ? { encounter: medication.encounter.reference }
              : {}),
          });
          break;
        }
        case 'Procedure': {
          const procedure = resource;
          timeline.push({
            reference,
            kind: 'procedure',
            hospital: hospitalOf(procedure.subject?.reference),
            ...(procedure.performedDateTime ? { date: procedure.performedDateTime } : {}),
            title: text(procedure.code),
            ...(procedure.encounter?.reference ? { encounter: procedure.encounter.reference } : {}),
          });
          break;
        }
        case 'DiagnosticReport': {
          const report = resource;
          timeline.push({
            reference,
            kind: 'report',
            hospital: hospitalOf(report.subject?.reference),
            ...(report.effectiveDateTime ? { date: report.effectiveDateTime } : {}),
            title: text(report.code),
            ...(report.conclusion ? { detail: report.conclusion } : {}),
            ...(report.encounter?.reference ? { encounter: report.encounter.reference } : {}),
          });
          break;
        }
        case 'ClinicalImpression': {
          const note = resource;
          timeline.push({
            reference,
            kind: 'note',
            hospital: hospitalOf(note.subject?.reference),
            ...(note.date ? { date: note.date } : {}),
            title: 'Diễn biến lâm sàng',
            detail: [note.description, note.summary].filter(Boolean).join('\n'),
            ...(note.encounter?.reference ? { encounter: note.encounter.reference } : {}),
          });
          break;
        }
        case 'AllergyIntolerance': {
          const allergy = resource;
          allergies.push({
            reference,
            kind: 'allergy',
            hospital: hospitalOf(allergy.patient?.reference),
            ...(allergy.recordedDate ? { date: allergy.recordedDate } : {}),
            title: text(allergy.code),
            ...(allergy.reaction?.[0]?.manifestation?.[0]
              ? { detail: text(allergy.reaction[0].manifestation[0]) }
              : {}),
          });
          break;
        }
        default:
          break;
      }
    }
    const byDateDescending = (a: TimelineEntry, b: TimelineEntry): number =>
      (b.date ?? '').localeCompare(a.date ?? '');
    timeline.sort(byDateDescending);
    const labSeries = [...series.values()]
      .map((s) => ({ ...s, points: s.points.sort((a, b) => a.date.localeCompare(b.date)) }))
      .sort((a, b) => b.points.length - a.points.length || a.name.localeCompare(b.name, 'vi'));
    const counts: Record<string, number> = {};
    for (const entry of [...timeline, ...allergies])
      counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
    return {
      patientId,
      // The Person is the handle on every linked record: not for a reader narrowed by consent.
      ...(personId && !narrowed ? { personId } : {}),
      patients: linked,
      timeline,
      labSeries,
      allergies: allergies.sort(byDateDescending),
      counts,
      access: {
        ...access,
        ...(decision ? { consent: decision.sharing } : {}),
        ...(withheld > 0 ? { withheldHospitalCount: withheld } : {}),
      },
    };
  }

  /** Hospital names for labels; the directory changes rarely, so five minutes is fresh enough. */
  private async hospitalNames(): Promise<Map<string, RecordHospital>> {
    if (this.hospitals && Date.now() - this.hospitals.at < 300_000) return this.hospitals.byId;
    const bundle = await this.fhir.search<Organization>('Organization', {
      _count: 50,
      _elements: 'name',
    });
    const byId = new Map<string, RecordHospital>();
    for (const organization of (bundle.entry ?? []).map((entry) => entry.resource)) {
      if (organization?.id)
        byId.set(organization.id, {
          id: organization.id,
          name: organization.name ?? organization.id,
        });
    }
    this.hospitals = { at: Date.now(), byId };
    return byId;
  }
}
