import type {
  AuditEvent,
  AuditEventAgent,
  AuditEventEntity,
  Bundle,
  Coding,
  FhirResource,
  Reference,
} from 'fhir/r4.js';
import { IDENTIFIER_SYSTEM, PROFILE } from '../fhir/profiles.js';
import type { AuditAction, AuditEventDocument, AuditOutcome } from './audit-model.js';

/**
 * Our audit records as FHIR R4 AuditEvents shaped after IHE Basic Audit Log Patterns (BALP):
 * type `rest` with the FHIR interaction as subtype, one AuditEvent per patient (BALP's rule for
 * patient-specific queries), the user as requestor, the API as observer, a patient entity with
 * role 1 and the resource or query as a second entity, the X-Request-Id as a transaction entity.
 * Sign-in and sign-out use DICOM's User Authentication event (Login / Logout).
 * Each declares the province's VNQNAuditEvent profile, which HAPI enforces on every AuditEvent write.
 */

export const SYSTEM = {
  eventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  restful: 'http://hl7.org/fhir/restful-interaction',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  participation: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  entityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  sourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  balpEntityType: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType',
  /** Ours (NamingSystems of the package): staff user ids, station ids, our applications, and references HAPI cannot resolve. */
  staffUser: IDENTIFIER_SYSTEM.staffUser,
  station: IDENTIFIER_SYSTEM.station,
  application: IDENTIFIER_SYSTEM.application,
  fhirReference: IDENTIFIER_SYSTEM.fhirReference,
} as const;

const OUTCOME: Record<AuditOutcome, AuditEvent['outcome']> = {
  success: '0',
  denied: '4',
  failed: '8',
};

interface ActionShape {
  type: Coding;
  subtype?: Coding;
  action: NonNullable<AuditEvent['action']>;
  /** Read-like events name the client Destination and the server Source (BALP Read); the others the reverse. */
  readLike: boolean;
  userType?: Coding;
}

const REST: Coding = { system: SYSTEM.eventType, code: 'rest', display: 'Restful Operation' };
const USER_AUTHENTICATION: Coding = {
  system: SYSTEM.dicom,
  code: '110114',
  display: 'User Authentication',
};
const RECIPIENT: Coding = {
  system: SYSTEM.participation,
  code: 'IRCP',
  display: 'information recipient',
};
const AUTHOR: Coding = {
  system: SYSTEM.participation,
  code: 'AUT',
  display: 'author (originator)',
};
const interaction = (code: string): Coding => ({ system: SYSTEM.restful, code, display: code });

export const ACTION_SHAPE: Record<AuditAction, ActionShape> = {
  read: {
    type: REST,
    subtype: interaction('read'),
    action: 'R',
    readLike: true,
    userType: RECIPIENT,
  },
  'break-glass': {
    type: REST,
    subtype: interaction('read'),
    action: 'R',
    readLike: true,
    userType: RECIPIENT,
  },
  search: {
    type: REST,
    subtype: interaction('search-type'),
    action: 'E',
    readLike: false,
    userType: RECIPIENT,
  },
  create: {
    type: REST,
    subtype: interaction('create'),
    action: 'C',
    readLike: false,
    userType: AUTHOR,
  },
  update: {
    type: REST,
    subtype: interaction('update'),
    action: 'U',
    readLike: false,
    userType: AUTHOR,
  },
  // FHIR has no restore interaction: bringing a record back is an update of it.
  restore: {
    type: REST,
    subtype: interaction('update'),
    action: 'U',
    readLike: false,
    userType: AUTHOR,
  },
  delete: {
    type: REST,
    subtype: interaction('delete'),
    action: 'D',
    readLike: false,
    userType: AUTHOR,
  },
  // A request refused before we knew what it would have done.
  denied: { type: REST, action: 'E', readLike: false },
  'sign-in': {
    type: USER_AUTHENTICATION,
    subtype: { system: SYSTEM.dicom, code: '110122', display: 'Login' },
    action: 'E',
    readLike: false,
  },
  'sign-out': {
    type: USER_AUTHENTICATION,
    subtype: { system: SYSTEM.dicom, code: '110123', display: 'Logout' },
    action: 'E',
    readLike: false,
  },
};

/**
 * FHIR resource types HAPI holds for us. A reference to one is literal (HAPI resolves it), or an
 * identifier with `Reference.type` when HAPI does not hold that one. Any other name (Card,
 * StaffUser, IdentityReview…: records of the API, not FHIR resources) is named by identifier and
 * display only, since R4 validation refuses a `Reference.type` that is not a resource type. Typed
 * against the R4 resource types, so the compiler refuses a name that is not one.
 */
const FHIR_TYPES: ReadonlySet<string> = new Set<FhirResource['resourceType']>([
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'AllergyIntolerance',
  'Procedure',
  'DiagnosticReport',
  'Coverage',
  'Appointment',
  'Slot',
  'Schedule',
  'Organization',
  'Location',
  'HealthcareService',
  'Practitioner',
  'PractitionerRole',
  'Immunization',
  'DocumentReference',
  'Composition',
  'CarePlan',
  'ServiceRequest',
  'Consent',
  'AuditEvent',
]);
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export interface BalpOptions {
  /** Names this API as the observer and the server agent, e.g. `ehr-api`. */
  observer: string;
  /** The API's public base URL, as the server agent's network address. */
  serverAddress?: string;
  /**
   * References HAPI refused as unknown (`Patient/x`): written as identifiers instead, since HAPI
   * checks that every reference it stores resolves.
   */
  unresolved?: ReadonlySet<string>;
}

/**
 * `Type/id` as a Reference; as an identifier (with `type`) when HAPI cannot resolve it; as an
 * identifier and a display naming the record type when it is not a FHIR resource at all.
 */
function referenceTo(type: string, id: string, options: BalpOptions, display?: string): Reference {
  const reference = `${type}/${id}`;
  const withDisplay = display ? { display } : {};
  const identifier = { system: SYSTEM.fhirReference, value: reference };
  if (!FHIR_TYPES.has(type)) return { identifier, display: display ?? `${type} ${id}` };
  if (FHIR_ID.test(id) && !options.unresolved?.has(reference)) return { reference, ...withDisplay };
  return { identifier, type, ...withDisplay };
}

/** An instant as a FHIR dateTime in Vietnam's offset (+07:00), as every time the API writes. */
export function vnDateTime(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().replace('Z', '+07:00');
}

/** The FHIR ids of the AuditEvents of one record: its event id, suffixed per patient when several. */
export function fhirIdsFor(doc: Pick<AuditEventDocument, '_id' | 'patientIds'>): string[] {
  if (doc.patientIds.length <= 1) return [doc._id];
  return doc.patientIds.map((_, i) => `${doc._id}-${i + 1}`);
}

function agents(
  doc: AuditEventDocument,
  shape: ActionShape,
  options: BalpOptions,
): AuditEventAgent[] {
  const source: Coding = { system: SYSTEM.dicom, code: '110153', display: 'Source Role ID' };
  const destination: Coding = {
    system: SYSTEM.dicom,
    code: '110152',
    display: 'Destination Role ID',
  };
  const who = doc.who;
  const list: AuditEventAgent[] = [];

  const userIsClient = who.kind === 'device' || who.kind === 'anonymous';
  const client: AuditEventAgent = {
    type: { coding: [shape.readLike ? destination : source] },
    who: doc.stationId
      ? {
          identifier: { system: SYSTEM.station, value: doc.stationId },
          display: `Trạm ${doc.stationId}`,
        }
      : { display: 'API client' },
    requestor: userIsClient,
    ...(doc.clientIp ? { network: { address: doc.clientIp, type: '2' as const } } : {}),
  };
  list.push(client);
  list.push({
    type: { coding: [shape.readLike ? source : destination] },
    who: {
      identifier: { system: SYSTEM.application, value: options.observer },
      display: options.observer,
    },
    requestor: false,
    ...(options.serverAddress
      ? { network: { address: options.serverAddress, type: '5' as const } }
      : {}),
  });

  const breakGlass =
    doc.action === 'break-glass'
      ? [
          {
            coding: [{ system: SYSTEM.actReason, code: 'BTG', display: 'break the glass' }],
            ...(doc.purpose ? { text: doc.purpose } : {}),
          },
        ]
      : undefined;
  if (who.kind === 'staff') {
    // A staff agent with neither id nor name (R4 refuses an empty `who`) is left to altId and role.
    const staff: Reference = {
      ...(who.userId ? { identifier: { system: SYSTEM.staffUser, value: who.userId } } : {}),
      ...(who.displayName ? { display: who.displayName } : {}),
    };
    list.push({
      ...(shape.userType ? { type: { coding: [shape.userType] } } : {}),
      ...(staff.identifier || staff.display ? { who: staff } : {}),
      ...(who.username ? { altId: who.username } : {}),
      ...(who.displayName ? { name: who.displayName } : {}),
      ...(who.role ? { role: [{ text: who.role }] } : {}),
      requestor: true,
      ...(breakGlass ? { purposeOfUse: breakGlass } : {}),
    });
  } else if (who.kind === 'patient' && who.patientId) {
    list.push({
      ...(shape.userType ? { type: { coding: [shape.userType] } } : {}),
      who: referenceTo('Patient', who.patientId, options),
      role: [{ text: 'patient' }],
      requestor: true,
    });
  } else if (who.username) {
    // An unknown sign-in: who tried is only the name typed.
    client.altId = who.username;
  }
  return list;
}

function entities(
  doc: AuditEventDocument,
  patientId: string | undefined,
  options: BalpOptions,
): AuditEventEntity[] {
  const list: AuditEventEntity[] = [];
  if (doc.requestId) {
    list.push({
      what: { identifier: { value: doc.requestId } },
      type: { system: SYSTEM.balpEntityType, code: 'XrequestId', display: 'X-Request-Id' },
    });
  }
  if (patientId) {
    list.push({
      what: referenceTo('Patient', patientId, options),
      type: { system: SYSTEM.entityType, code: '1', display: 'Person' },
      role: { system: SYSTEM.objectRole, code: '1', display: 'Patient' },
    });
  }
  const resource = doc.resource;
  if (resource?.query !== undefined) {
    list.push({
      type: { system: SYSTEM.entityType, code: '2', display: 'System Object' },
      role: { system: SYSTEM.objectRole, code: '24', display: 'Query' },
      description: resource.query,
      query: Buffer.from(resource.query, 'utf8').toString('base64'),
    });
  }
  if (resource?.type && resource.id) {
    list.push({
      what: referenceTo(resource.type, resource.id, options),
      type: { system: SYSTEM.entityType, code: '2', display: 'System Object' },
      role: { system: SYSTEM.objectRole, code: '4', display: 'Domain Resource' },
    });
  }
  return list;
}

/** The AuditEvents of one audit record: one per patient (or one when no patient was touched). */
export function toAuditEvents(
  doc: AuditEventDocument,
  options: BalpOptions,
): Array<AuditEvent & { id: string }> {
  const shape = ACTION_SHAPE[doc.action];
  const ids = fhirIdsFor(doc);
  const patients: Array<string | undefined> =
    doc.patientIds.length > 0 ? doc.patientIds : [undefined];
  return patients.map((patientId, i) => ({
    resourceType: 'AuditEvent',
    id: ids[i] as string,
    meta: { profile: [PROFILE.AuditEvent] },
    type: shape.type,
    ...(shape.subtype ? { subtype: [shape.subtype] } : {}),
    action: shape.action,
    recorded: vnDateTime(doc.recorded),
    outcome: OUTCOME[doc.outcome],
    ...(doc.outcomeReason ? { outcomeDesc: doc.outcomeReason } : {}),
    ...(doc.action === 'break-glass'
      ? {
          purposeOfEvent: [
            {
              coding: [{ system: SYSTEM.actReason, code: 'BTG', display: 'break the glass' }],
              ...(doc.purpose ? { text: doc.purpose } : {}),
            },
          ],
        }
      : {}),
    agent: agents(doc, shape, options),
    source: {
      site: 'Quảng Ninh',
      observer: {
        identifier: { system: SYSTEM.application, value: options.observer },
        display: options.observer,
      },
      type: [{ system: SYSTEM.sourceType, code: '4', display: 'Application Server' }],
    },
    entity: entities(doc, patientId, options),
  }));
}

/** One transaction of PUTs by id: sending it again changes nothing. */
export function auditEventBundle(events: Array<AuditEvent & { id: string }>): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: events.map((resource) => ({
      fullUrl: `AuditEvent/${resource.id}`,
      resource,
      request: { method: 'PUT', url: `AuditEvent/${resource.id}` },
    })),
  };
}

/** The reference HAPI named as missing in a HAPI-1094 refusal (`Patient/x`), if that is what it said. */
export function unresolvedReference(detail: string): string | undefined {
  return /HAPI-1094: Resource ([A-Za-z]+\/[A-Za-z0-9\-.]{1,64}) not found/.exec(detail)?.[1];
}
