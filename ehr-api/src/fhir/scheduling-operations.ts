import { Router, type Request, type RequestHandler, type Response } from 'express';
import { jsonBody } from '../hardening/json-body.js';
import type {
  Appointment,
  AppointmentParticipant,
  Bundle,
  BundleEntry,
  Extension,
  OperationOutcome,
  OperationOutcomeIssue,
} from 'fhir/r4.js';
import type { AvailableSlot, Booking } from '@qn/contracts';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import { forbidden, requireRole } from '../auth/middleware.js';
import { clientAddressKey, rateLimit } from '../auth/rate-limit.js';
import type { AppContext } from '../context.js';
import { HttpError, issueCodeForStatus } from '../errors/http-error.js';
import { requireUp } from '../health/routes.js';
import { hashToken } from '../kiosk/kiosk-service.js';
import {
  bulkManifest,
  hapiSiteDirectory,
  SlotPublication,
  toNdjson,
  type BulkType,
} from '../scheduling/bulk-publish.js';
import { appointmentStatus, vnInstant } from '../scheduling/fhir-publisher.js';
import { idempotencyKeyProblem } from '../scheduling/idempotency.js';
import { addDays, isLocalDay, localDayOf, localInstant } from '../scheduling/local-time.js';
import { schedulingModels } from '../scheduling/models.js';
import type { BookingActor, BookResult } from '../scheduling/scheduling-service.js';
import { fhirSlotId, parseSlotId } from '../scheduling/slot-id.js';
import type { ScheduleTemplate } from '../scheduling/template.js';
import { CODE_SYSTEM, EXTENSION, IDENTIFIER_SYSTEM, queueNumberValue } from './profiles.js';

/*
 * The FHIR face of scheduling, after IHE ITI Scheduling 1.0 (ITI-115 $find, ITI-116 $hold,
 * ITI-118 $book) and Argonaut Scheduling, whose operations these follow:
 *
 * - `Appointment/$find` (GET or POST Parameters): a `searchset` Bundle of `proposed` Appointments,
 *   one per slot with a seat left, earliest first across the three hospitals. A proposed
 *   Appointment's id is its Slot's id, so it can be handed back to $hold/$book by reference.
 * - `Appointment/$hold` and `$book` (POST Parameters): the appointment as `appointment-resource`
 *   (IHE; `appt-resource` in Argonaut) or `appointment-reference` (IHE; `appt-id` in Argonaut).
 *   They answer, as both guides' OperationDefinitions do, a `searchset` Bundle holding the
 *   Appointment (`pending` for a hold, `booked`) and an OperationOutcome of information (until
 *   when a hold lasts; the queue number). The Appointment's id is the booking id.
 * - `$bulk-publish` and its NDJSON files: SMART Scheduling Links (see scheduling/bulk-publish.ts).
 *
 * Booking goes through the same SchedulingService as /api/bookings and /api/holds (same rules,
 * same Idempotency-Key semantics, same audit records), so a FHIR client and the kiosk compete for
 * seats on equal terms.
 */

/** On a pending Appointment: until when the hold keeps its seat (valueInstant). Not yet in the package. */
export const HOLD_EXPIRES_EXTENSION = EXTENSION.appointmentHoldExpires;
/** On a conflict's OperationOutcome.issue: one proposed Appointment (contained) to choose instead. */
export const ALTERNATIVE_EXTENSION = EXTENSION.schedulingAlternative;

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const FHIR_SLOT_ID = /^(hs-[a-z0-9]+(?:-[a-z0-9]+)*)-(\d{12})$/;
const DEPARTMENT_CODE = /^[a-z-]{2,40}$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const DEFAULT_FIND_DAYS = 14;
const DEFAULT_COUNT = 50;
const MAX_COUNT = 200;
/** Every slot of the window is looked at; the Bundle then keeps `_count` of them. */
const FIND_SCAN_LIMIT = 100_000;
const BULK_MAX_AGE_SECONDS = 120;

/** The slot id of our API (`<serviceId>@<local start>`) for a FHIR Slot id, or undefined. */
export function slotIdFromFhirId(fhirId: string): string | undefined {
  const match = FHIR_SLOT_ID.exec(fhirId);
  if (!match) return undefined;
  const slotId = `${match[1]}@${match[2]}`;
  return typeof parseSlotId(slotId) === 'string' ? undefined : slotId;
}

/** A 400 OperationOutcome naming the element at fault (a FHIRPath into the operation's Parameters). */
function invalid(element: string, message: string): HttpError {
  const detail = `${element}: ${message}`;
  return new HttpError({
    status: 400,
    code: 'bad-request',
    title: 'Bad request',
    detail,
    outcome: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid', diagnostics: detail, expression: [element] }],
    },
  });
}

function parameter(name: string, path = ''): string {
  return `Parameters.parameter.where(name = '${name}')${path}`;
}

function send(res: Response, status: number, resource: unknown): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(resource));
}

function information(texts: string[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: texts.map((diagnostics) => ({
      severity: 'information',
      code: 'informational',
      diagnostics,
    })),
  };
}

// ---- Operation parameters --------------------------------------------------------------------

interface Part {
  name: string;
  /** Where it came from: a FHIRPath into the Parameters (or the query parameter's name). */
  element: string;
  values: string[];
  resource?: unknown;
}

/** The plain values of a Parameters.parameter: a token as `system|code`, a Reference as its reference. */
function partValues(part: Record<string, unknown>): string[] {
  for (const key of [
    'valueDate',
    'valueDateTime',
    'valueInstant',
    'valueString',
    'valueCode',
    'valueId',
    'valueUri',
    'valueUrl',
    'valueCanonical',
  ]) {
    if (typeof part[key] === 'string') return [part[key]];
  }
  for (const key of ['valueInteger', 'valuePositiveInt', 'valueUnsignedInt']) {
    if (typeof part[key] === 'number') return [String(part[key])];
  }
  const reference = part.valueReference as { reference?: unknown } | undefined;
  if (typeof reference?.reference === 'string') return [reference.reference];
  const codings = [
    ...(part.valueCoding ? [part.valueCoding] : []),
    ...((part.valueCodeableConcept as { coding?: unknown[] } | undefined)?.coding ?? []),
  ] as Array<{ system?: unknown; code?: unknown }>;
  return codings
    .filter((c) => typeof c.code === 'string')
    .map((c) => (typeof c.system === 'string' ? `${c.system}|${String(c.code)}` : String(c.code)));
}

/** The parameters of a POSTed Parameters resource, or a 400 naming what is wrong with it. */
function postedParts(body: unknown): Part[] {
  const resource = body as { resourceType?: unknown; parameter?: unknown } | undefined;
  if (typeof resource !== 'object' || resource === null || resource.resourceType !== 'Parameters')
    throw invalid(
      'Parameters',
      'send a FHIR Parameters resource as JSON (Content-Type: application/fhir+json)',
    );
  if (resource.parameter === undefined) return [];
  if (!Array.isArray(resource.parameter))
    throw invalid('Parameters.parameter', 'must be an array of parameters');
  return resource.parameter.map((raw: unknown, index) => {
    const part = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof part.name !== 'string' || part.name === '')
      throw invalid(`Parameters.parameter[${index}].name`, 'every parameter needs a name');
    return {
      name: part.name,
      element: parameter(part.name),
      values: partValues(part),
      ...(part.resource !== undefined ? { resource: part.resource } : {}),
    };
  });
}

/** The query string as parameters: repeated names and comma-separated values are both lists (OR). */
function queryParts(query: Record<string, unknown>): Part[] {
  return Object.entries(query).map(([name, value]) => {
    const list: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
    if (!list.every((v): v is string => typeof v === 'string'))
      throw invalid(name, 'must be plain text (name=value)');
    return {
      name,
      element: parameter(name),
      values: list.flatMap((v) => v.split(',')).filter((v) => v !== ''),
    };
  });
}

function onlyKnown(parts: Part[], known: ReadonlySet<string>): void {
  const unknown = parts.find((p) => !known.has(p.name));
  if (unknown)
    throw invalid(
      unknown.element,
      `${unknown.name} is not a parameter of this operation; use ${[...known].join(', ')}`,
    );
}

/** The id in a reference `Type/id` (relative or absolute), or undefined when it is of another type. */
function referenceId(value: string, type: string): string | undefined {
  const at = value.lastIndexOf(`${type}/`);
  if (at < 0) return undefined;
  if (at > 0 && value[at - 1] !== '/') return undefined;
  return value.slice(at + type.length + 1).split('/')[0];
}

// ---- $find -----------------------------------------------------------------------------------

const FIND_PARAMETERS = new Set([
  'start',
  'end',
  'specialty',
  'service-type',
  'organization',
  'location',
  'practitioner',
  'patient',
  '_count',
  '_format',
]);

interface Moment {
  day: string;
  instant: Date;
}

/** A FHIR date (the whole local day) or dateTime with a zone, as a local day and an instant. */
function moment(part: Part, edge: 'start' | 'end'): Moment {
  if (part.values.length !== 1) throw invalid(part.element, 'give exactly one value');
  const value = part.values[0]!;
  if (isLocalDay(value))
    return { day: value, instant: localInstant(value, edge === 'start' ? 0 : 24 * 60) };
  const match = DATE_TIME.exec(value);
  const instant = new Date(value);
  if (!match || !isLocalDay(match[1]!) || Number.isNaN(instant.getTime()))
    throw invalid(
      part.element,
      `${value} is not a FHIR date (YYYY-MM-DD) or a dateTime with its time zone (e.g. 2026-05-04T08:00:00+07:00)`,
    );
  // An end instant is exclusive: its day is that of the last moment before it.
  return {
    day: localDayOf(edge === 'end' ? new Date(instant.getTime() - 1) : instant),
    instant,
  };
}

interface FindFilters {
  departments: Set<string>;
  serviceIds: Set<string>;
  hospitals: Set<string>;
  locations: Set<string>;
  notes: string[];
}

function findFilters(parts: Part[]): FindFilters {
  const filters: FindFilters = {
    departments: new Set(),
    serviceIds: new Set(),
    hospitals: new Set(),
    locations: new Set(),
    notes: [],
  };
  for (const part of parts) {
    if (part.name === 'specialty' || part.name === 'service-type') {
      for (const value of part.values) {
        const service = referenceId(value, 'HealthcareService');
        if (service !== undefined) {
          if (!ID.test(service))
            throw invalid(part.element, `${value} is not a HealthcareService reference`);
          filters.serviceIds.add(service);
          continue;
        }
        const [system, code] = value.includes('|') ? value.split('|') : [undefined, value];
        if (system && system !== CODE_SYSTEM.department)
          throw invalid(
            part.element,
            `${value}: departments are coded in ${CODE_SYSTEM.department} (e.g. ${CODE_SYSTEM.department}|kham-benh)`,
          );
        if (!code || !DEPARTMENT_CODE.test(code))
          throw invalid(part.element, `${value} is not a department code such as kham-benh`);
        filters.departments.add(code);
      }
    } else if (part.name === 'organization' || part.name === 'location') {
      const type = part.name === 'organization' ? 'Organization' : 'Location';
      for (const value of part.values) {
        const id = value.includes('/') ? referenceId(value, type) : value;
        if (!id || !ID.test(id)) throw invalid(part.element, `${value} is not a ${type} reference`);
        (part.name === 'organization' ? filters.hospitals : filters.locations).add(id);
      }
    } else if (part.name === 'practitioner') {
      filters.notes.push(
        'practitioner was not used: bookings are made per department (HealthcareService), not per doctor, so every department matching the other parameters is searched.',
      );
    } else if (part.name === 'patient') {
      filters.notes.push(
        'patient was not used: the free slots are the same for everyone (the per-patient rules are checked by $hold and $book).',
      );
    }
  }
  return filters;
}

function proposedAppointment(slot: AvailableSlot, template?: ScheduleTemplate): Appointment {
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  const id = fhirSlotId(slot.serviceId, start);
  const participant: AppointmentParticipant[] = [
    {
      actor: { reference: `HealthcareService/${slot.serviceId}`, display: slot.serviceName },
      required: 'required',
      status: 'needs-action',
    },
  ];
  if (template)
    participant.push({
      actor: { reference: `Location/${template.locationId}`, display: slot.hospitalName },
      required: 'required',
      status: 'needs-action',
    });
  return {
    resourceType: 'Appointment',
    id,
    status: 'proposed',
    serviceType: [
      {
        coding: [{ system: CODE_SYSTEM.department, code: slot.departmentCode }],
        text: slot.serviceName,
      },
    ],
    description: `${slot.serviceName} — ${slot.hospitalName}`,
    start: vnInstant(start),
    end: vnInstant(end),
    minutesDuration: Math.round((end.getTime() - start.getTime()) / 60_000),
    slot: [{ reference: `Slot/${id}` }],
    comment: `${slot.seatsLeft} seat(s) left`,
    ...(template?.directions ? { patientInstruction: template.directions } : {}),
    participant,
  };
}

// ---- $hold / $book ---------------------------------------------------------------------------

const APPOINTMENT_RESOURCE = ['appointment-resource', 'appt-resource', 'appointment'];
const APPOINTMENT_REFERENCE = ['appointment-reference', 'appt-id'];
const PATIENT_REFERENCE = ['patient-reference', 'patient'];
const BOOKING_PARAMETERS = new Set([
  ...APPOINTMENT_RESOURCE,
  ...APPOINTMENT_REFERENCE,
  ...PATIENT_REFERENCE,
  'comment',
]);

interface Named<T> {
  value: T;
  element: string;
}

/** What a $hold or $book names: a slot (new booking), or an appointment made before (a hold), and the patient. */
interface BookingTarget {
  slot?: Named<string>;
  appointment?: Named<string>;
  patient?: Named<string>;
}

/** A slot or an earlier appointment, from an Appointment id or a Slot id. */
function targetOf(id: string, element: string, as: 'slot' | 'either'): BookingTarget {
  const slotId = slotIdFromFhirId(id);
  if (slotId) return { slot: { value: slotId, element } };
  if (as === 'either' && ID.test(id)) return { appointment: { value: id, element } };
  throw invalid(
    element,
    `${id} is not one of our slots: use a proposed Appointment (or its Slot) from Appointment/$find`,
  );
}

function patientOf(value: string, element: string): Named<string> {
  const id = value.includes('/') ? referenceId(value, 'Patient') : value;
  if (!id || !ID.test(id))
    throw invalid(element, `${value} is not a Patient reference (Patient/<id>)`);
  return { value: id, element };
}

function appointmentTarget(resource: unknown, element: string): BookingTarget {
  const appointment = resource as Partial<Appointment> | undefined;
  if (
    typeof appointment !== 'object' ||
    appointment === null ||
    appointment.resourceType !== 'Appointment'
  )
    throw invalid(element, 'must be an Appointment resource');
  if (
    appointment.status !== undefined &&
    !['proposed', 'pending', 'booked'].includes(appointment.status)
  )
    throw invalid(
      `${element}.status`,
      `${appointment.status}: send a proposed Appointment from $find, or the pending one $hold answered`,
    );
  const patients = [
    ...new Set(
      (appointment.participant ?? [])
        .map((p) => p.actor?.reference)
        .filter(
          (r): r is string => typeof r === 'string' && referenceId(r, 'Patient') !== undefined,
        ),
    ),
  ];
  if (patients.length > 1)
    throw invalid(`${element}.participant`, 'name one patient: one appointment is for one patient');
  const patient = patients[0]
    ? { patient: patientOf(patients[0], `${element}.participant.actor`) }
    : {};
  // The pending Appointment $hold answered (IHE: book it by sending it back) carries its booking id.
  if (typeof appointment.id === 'string' && !slotIdFromFhirId(appointment.id))
    return { ...targetOf(appointment.id, `${element}.id`, 'either'), ...patient };
  const slots = (appointment.slot ?? []).map((s) => s.reference ?? '');
  if (slots.length > 1)
    throw invalid(`${element}.slot`, 'name one slot: one appointment takes one slot');
  if (slots.length === 1) {
    const slotId = referenceId(slots[0]!, 'Slot');
    if (!slotId) throw invalid(`${element}.slot`, `${slots[0]} is not a Slot reference`);
    return { ...targetOf(slotId, `${element}.slot`, 'slot'), ...patient };
  }
  if (typeof appointment.id === 'string')
    return { ...targetOf(appointment.id, `${element}.id`, 'slot'), ...patient };
  throw invalid(
    `${element}.slot`,
    'name the slot: slot = [{ reference: "Slot/<id>" }] from a proposed Appointment of $find',
  );
}

/** Reads the Parameters of $hold / $book, or a 400 naming the element at fault. */
export function bookingTarget(body: unknown): BookingTarget {
  const parts = postedParts(body);
  onlyKnown(parts, BOOKING_PARAMETERS);
  const resources = parts.filter((p) => APPOINTMENT_RESOURCE.includes(p.name));
  const references = parts.filter((p) => APPOINTMENT_REFERENCE.includes(p.name));
  if (resources.length + references.length !== 1)
    throw invalid(
      'Parameters',
      'name the appointment once: appointment-resource (a proposed Appointment from $find) or appointment-reference (Appointment/<id>)',
    );
  let target: BookingTarget;
  if (resources[0]) {
    target = appointmentTarget(resources[0].resource, `${resources[0].element}.resource`);
  } else {
    const part = references[0]!;
    if (part.values.length !== 1)
      throw invalid(
        part.element,
        'give one reference, e.g. valueReference { reference: "Appointment/<id>" }',
      );
    const value = part.values[0]!;
    const id = value.includes('/') ? referenceId(value, 'Appointment') : value;
    if (!id) throw invalid(part.element, `${value} is not an Appointment reference`);
    target = targetOf(id, part.element, 'either');
  }
  for (const part of parts.filter((p) => PATIENT_REFERENCE.includes(p.name))) {
    if (part.values.length !== 1)
      throw invalid(
        part.element,
        'give one reference: valueReference { reference: "Patient/<id>" }',
      );
    const patient = patientOf(part.values[0]!, part.element);
    if (target.patient && target.patient.value !== patient.value)
      throw invalid(part.element, 'names another patient than the appointment does');
    target.patient = patient;
  }
  return target;
}

/** A booking (or hold) as an Appointment; its id is the booking id. */
export function bookingAppointment(booking: Booking, template?: ScheduleTemplate): Appointment {
  const start = new Date(booking.start);
  const localDay = localDayOf(start);
  const slotId = fhirSlotId(booking.serviceId, start);
  const extension: Extension[] =
    booking.status === 'held' && booking.holdExpiresAt
      ? [{ url: HOLD_EXPIRES_EXTENSION, valueInstant: vnInstant(new Date(booking.holdExpiresAt)) }]
      : [];
  return {
    resourceType: 'Appointment',
    id: booking.id,
    ...(extension.length > 0 ? { extension } : {}),
    identifier: [
      { system: IDENTIFIER_SYSTEM.bookingId, value: booking.id },
      { system: IDENTIFIER_SYSTEM.bookingTicket, value: booking.ticketCode },
      ...(booking.queueNumber > 0
        ? [
            {
              system: IDENTIFIER_SYSTEM.queueNumber,
              value: queueNumberValue(booking.serviceId, localDay, booking.queueNumber),
            },
          ]
        : []),
    ],
    status: appointmentStatus(booking),
    serviceType: [
      {
        coding: [{ system: CODE_SYSTEM.department, code: booking.departmentCode }],
        text: booking.serviceName,
      },
    ],
    description:
      booking.queueNumber > 0
        ? `Số thứ tự ${booking.queueNumber} — ${booking.serviceName}, ${booking.hospitalName}`
        : `${booking.serviceName} — ${booking.hospitalName}`,
    start: vnInstant(start),
    end: vnInstant(new Date(booking.end)),
    created: vnInstant(new Date(booking.createdAt)),
    slot: [{ reference: `Slot/${slotId}` }],
    ...(booking.directions ? { patientInstruction: booking.directions } : {}),
    participant: [
      {
        actor: { reference: `Patient/${booking.patientId}` },
        required: 'required',
        status: 'accepted',
      },
      {
        actor: {
          reference: `HealthcareService/${booking.serviceId}`,
          display: booking.serviceName,
        },
        required: 'required',
        status: 'accepted',
      },
      ...(template
        ? [
            {
              actor: {
                reference: `Location/${template.locationId}`,
                display: booking.hospitalName,
              },
              required: 'required' as const,
              status: 'accepted' as const,
            },
          ]
        : []),
    ],
  };
}

function actorOf(req: Request): BookingActor {
  const principal = req.principal;
  if (principal?.kind === 'patient') return { kind: 'kiosk', id: principal.kioskSessionId };
  if (principal?.kind === 'staff') return { kind: 'staff', id: principal.userId };
  return { kind: 'anonymous' };
}

/**
 * Mounts the scheduling operations under /fhir. Mount before the general FHIR facade (whose
 * access rule, hospital IT or admin, would otherwise take these paths): $find and the bulk files
 * are public like /api/availability; $hold and $book are for a kiosk session (its own patient
 * only) and for receptionists, doctors and admins, as /api/holds and /api/bookings are.
 */
export function fhirSchedulingRoutes(context: AppContext, authenticate: RequestHandler): Router {
  const { scheduling, monitor, config, logger } = context;
  const models = schedulingModels(context.mongo);
  const publication = new SlotPublication(
    models,
    scheduling,
    hapiSiteDirectory(context.fhirStore, () => monitor.isUp('hapi-fhir')),
  );
  const router = Router();
  const mongoUp = requireUp(monitor, 'mongodb');
  const fhirJson = jsonBody({ type: ['application/json', 'application/fhir+json'], limit: '64kb' });
  // The same counters as the JSON API's (same limiter names and keys), so FHIR is no way round them.
  const kioskLimit = rateLimit({
    hits: context.rateLimitHits,
    name: 'kiosk-booking',
    key: (req) => hashToken(req.get('authorization') ?? 'none'),
    limit: config.QN_KIOSK_BOOKING_LIMIT,
    windowMs: 10 * 60_000,
    logger,
    detail:
      'Ki-ốt này đã đặt nhiều lịch trong thời gian ngắn. Vui lòng đến quầy tiếp đón. (Too many bookings from this kiosk session.)',
  });
  const staffLimit = rateLimit({
    hits: context.rateLimitHits,
    name: 'staff-booking',
    key: (req) => (req.principal?.kind === 'staff' ? req.principal.userId : clientAddressKey(req)),
    limit: config.QN_STAFF_BOOKING_LIMIT,
    windowMs: 60_000,
    logger,
  });
  const bookingLimit: RequestHandler = (req, res, next) =>
    (req.principal?.kind === 'patient' ? kioskLimit : staffLimit)(req, res, next);
  const booker = [
    mongoUp,
    fhirJson,
    authenticate,
    requireRole('patient', 'receptionist', 'doctor', 'admin'),
    bookingLimit,
  ];

  const baseUrl = (req: Request): string =>
    (config.QN_PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(
      /\/+$/,
      '',
    );

  async function templatesById(): Promise<Map<string, ScheduleTemplate>> {
    const templates = await models.templates.find({}).lean<ScheduleTemplate[]>();
    return new Map(templates.map((t) => [t.serviceId, t]));
  }

  /**
   * Turns the booking service's refusal into an OperationOutcome: the same sentence as the JSON
   * API's problem detail, the element it is about, and for a conflict its alternatives as
   * contained proposed Appointments, each pointed at by an issue extension.
   */
  async function asOutcome(error: HttpError, element: string): Promise<HttpError> {
    const alternatives = Array.isArray(error.extra.alternatives)
      ? (error.extra.alternatives as AvailableSlot[])
      : [];
    const templates =
      alternatives.length > 0 ? await templatesById() : new Map<string, ScheduleTemplate>();
    const contained = alternatives.map((slot) =>
      proposedAppointment(slot, templates.get(slot.serviceId)),
    );
    const aboutSlot =
      error.extra.field === 'slotId' ||
      ['slot-full', 'slot-closed', 'hold-expired'].includes(error.code);
    const issue: OperationOutcomeIssue = {
      severity: error.status >= 500 ? 'fatal' : 'error',
      code: issueCodeForStatus(error.status),
      details: { text: error.title },
      diagnostics: error.detail,
      ...(aboutSlot || error.status === 404 ? { expression: [element] } : {}),
      ...(contained.length > 0
        ? {
            extension: contained.map((a) => ({
              url: ALTERNATIVE_EXTENSION,
              valueReference: { reference: `#${a.id ?? ''}` },
            })),
          }
        : {}),
    };
    return new HttpError({
      status: error.status,
      code: error.code,
      title: error.title,
      detail: error.detail,
      extra: error.extra,
      cause: error,
      outcome: {
        resourceType: 'OperationOutcome',
        ...(contained.length > 0 ? { contained } : {}),
        issue: [issue],
      },
    });
  }

  async function fhirErrors<T>(work: () => Promise<T>, element: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof HttpError && !error.outcome && error.status < 500)
        throw await asOutcome(error, element);
      throw error;
    }
  }

  function idempotencyKey(req: Request): string {
    const header = req.get('Idempotency-Key');
    const problem = idempotencyKeyProblem(header);
    if (problem || header === undefined) throw invalid('Idempotency-Key', problem ?? 'required');
    return header;
  }

  /** The patient the request acts for: a kiosk session's own; staff must name one. */
  function patientFor(req: Request, target: BookingTarget): string {
    const principal = req.principal;
    if (principal?.kind === 'patient') {
      if (target.patient && target.patient.value !== principal.patientId)
        throw forbidden(
          `${target.patient.element}: a kiosk session books only for its own patient. Leave the patient out, or name the patient of this session.`,
          { reason: 'patient' },
        );
      return principal.patientId;
    }
    if (!target.patient)
      throw invalid(
        'Appointment.participant',
        'name the patient: a participant whose actor.reference is Patient/<id>, or the patient-reference parameter',
      );
    return target.patient.value;
  }

  async function answer(
    req: Request,
    res: Response,
    booking: Booking,
    note: string,
    replayed = false,
  ): Promise<void> {
    const template =
      (await models.templates.findOne({ serviceId: booking.serviceId }).lean<ScheduleTemplate>()) ??
      undefined;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: 1,
      entry: [
        {
          fullUrl: `${baseUrl(req)}/fhir/Appointment/${booking.id}`,
          resource: bookingAppointment(booking, template),
          search: { mode: 'match' },
        },
        { resource: information([note]), search: { mode: 'outcome' } },
      ],
    };
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Cache-Control', 'no-store');
    send(res, 200, bundle);
  }

  function bookedNote(booking: Booking): string {
    if (booking.status === 'held')
      return `Held until ${vnInstant(new Date(booking.holdExpiresAt ?? booking.createdAt))}: book it with Appointment/$book (appointment-reference Appointment/${booking.id}) before then, or the seat is let go.`;
    if (booking.status === 'booked')
      return `Booked: queue number ${booking.queueNumber}, ticket ${booking.ticketCode}, ${booking.serviceName}, ${booking.hospitalName}, ${vnInstant(new Date(booking.start))}.`;
    return `Appointment ${booking.id} is ${appointmentStatus(booking)}.`;
  }

  /** A new hold or booking of a slot, audited as /api/holds and /api/bookings audit. */
  async function claim(
    req: Request,
    res: Response,
    target: BookingTarget & { slot: Named<string> },
    run: (command: {
      patientId: string;
      slotId: string;
      idempotencyKey: string;
      actor: BookingActor;
    }) => Promise<BookResult>,
  ): Promise<void> {
    const key = idempotencyKey(req);
    auditTarget(req, {
      action: 'create',
      patientIds: target.patient ? [target.patient.value] : [],
      resource: { type: 'Appointment' },
    });
    const patientId = patientFor(req, target);
    auditTarget(req, {
      action: 'create',
      patientIds: [patientId],
      resource: { type: 'Appointment' },
    });
    const result = await fhirErrors(
      () => run({ patientId, slotId: target.slot.value, idempotencyKey: key, actor: actorOf(req) }),
      target.slot.element,
    );
    await auditAccess(req, {
      action: 'create',
      patientIds: [patientId],
      resource: { type: 'Appointment', id: result.booking.id },
    });
    await answer(req, res, result.booking, bookedNote(result.booking), result.replayed);
  }

  router.get(
    ['/fhir/Appointment/$find', '/fhir/Appointment/%24find'],
    mongoUp,
    async (req, res) => {
      await find(req, res, queryParts(req.query));
    },
  );
  router.post(
    ['/fhir/Appointment/$find', '/fhir/Appointment/%24find'],
    mongoUp,
    fhirJson,
    async (req, res) => {
      await find(req, res, postedParts(req.body));
    },
  );

  async function find(req: Request, res: Response, parts: Part[]): Promise<void> {
    onlyKnown(parts, FIND_PARAMETERS);
    const single = (name: string): Part | undefined => {
      const found = parts.filter((p) => p.name === name);
      if (found.length > 1) throw invalid(found[1]!.element, 'give this parameter once');
      return found[0];
    };
    const now = scheduling.now();
    const startPart = single('start');
    const endPart = single('end');
    const start: Moment = startPart
      ? moment(startPart, 'start')
      : { day: localDayOf(now), instant: now };
    const end: Moment = endPart
      ? moment(endPart, 'end')
      : (() => {
          const day = addDays(start.day, DEFAULT_FIND_DAYS - 1);
          return { day, instant: localInstant(day, 24 * 60) };
        })();
    if (end.instant <= start.instant)
      throw invalid(endPart?.element ?? parameter('end'), 'must be after start');
    const countPart = single('_count');
    let count = DEFAULT_COUNT;
    if (countPart) {
      const value = countPart.values[0] ?? '';
      count = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
      if (countPart.values.length !== 1 || !(count >= 1 && count <= MAX_COUNT))
        throw invalid(countPart.element, `must be a whole number from 1 to ${MAX_COUNT}`);
    }
    const filters = findFilters(parts);
    const templates = await models.templates.find({ active: true }).lean<ScheduleTemplate[]>();
    const allowed = templates.filter(
      (t) =>
        (filters.departments.size === 0 || filters.departments.has(t.departmentCode)) &&
        (filters.serviceIds.size === 0 || filters.serviceIds.has(t.serviceId)) &&
        (filters.hospitals.size === 0 || filters.hospitals.has(t.hospitalId)) &&
        (filters.locations.size === 0 || filters.locations.has(t.locationId)),
    );
    const only = (set: Set<string>): string | undefined =>
      set.size === 1 ? [...set][0] : undefined;
    const department = only(filters.departments);
    const hospital = only(filters.hospitals);
    const slots =
      allowed.length === 0
        ? []
        : await scheduling.availability({
            from: start.day,
            to: end.day,
            limit: FIND_SCAN_LIMIT,
            ...(department ? { department } : {}),
            ...(hospital ? { hospital } : {}),
            ...(allowed.length === 1 ? { serviceId: allowed[0]!.serviceId } : {}),
          });
    const byService = new Map(allowed.map((t) => [t.serviceId, t]));
    const matches = slots.filter((slot) => {
      const at = new Date(slot.start);
      return byService.has(slot.serviceId) && at >= start.instant && at < end.instant;
    });
    const { minNoticeMinutes, horizonDays } = scheduling.bookingOptions;
    const notes = [
      `Slots starting from ${vnInstant(start.instant)} to before ${vnInstant(end.instant)} (Asia/Ho_Chi_Minh); bookings close ${minNoticeMinutes} minutes before a slot starts and open ${horizonDays} days ahead. Public holidays take no bookings.`,
      ...filters.notes,
    ];
    const base = baseUrl(req);
    const entry: BundleEntry[] = matches.slice(0, count).map((slot) => {
      const resource = proposedAppointment(slot, byService.get(slot.serviceId));
      return {
        fullUrl: `${base}/fhir/Appointment/${resource.id ?? ''}`,
        resource,
        search: { mode: 'match' },
      };
    });
    entry.push({ resource: information(notes), search: { mode: 'outcome' } });
    res.setHeader('Cache-Control', 'no-store');
    send(res, 200, {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link: [{ relation: 'self', url: `${base}${req.originalUrl}` }],
      entry,
    } satisfies Bundle);
  }

  router.post(
    ['/fhir/Appointment/$hold', '/fhir/Appointment/%24hold'],
    ...booker,
    async (req, res) => {
      const target = bookingTarget(req.body);
      if (!target.slot)
        throw invalid(
          target.appointment!.element,
          `Appointment/${target.appointment!.value} is an appointment made before; $hold takes a proposed Appointment from $find (or its Slot). To book a held appointment, call Appointment/$book.`,
        );
      await claim(req, res, { ...target, slot: target.slot }, (command) =>
        scheduling.hold(command),
      );
    },
  );

  router.post(
    ['/fhir/Appointment/$book', '/fhir/Appointment/%24book'],
    ...booker,
    async (req, res) => {
      const target = bookingTarget(req.body);
      if (target.slot) {
        await claim(req, res, { ...target, slot: target.slot }, (command) =>
          scheduling.book(command),
        );
        return;
      }
      // Booking a held appointment: confirm the hold.
      idempotencyKey(req);
      const { value: id, element } = target.appointment!;
      auditTarget(req, { action: 'update', resource: { type: 'Appointment', id } });
      if (req.principal?.kind === 'patient') patientFor(req, target);
      const missing = invalidNotFound(id, element);
      let booking: Booking;
      try {
        booking = await scheduling.get(id);
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) throw missing;
        throw error;
      }
      // Another patient's appointment answers exactly like one that does not exist: a session learns nothing.
      if (req.principal?.kind === 'patient' && booking.patientId !== req.principal.patientId)
        throw missing;
      if (target.patient && target.patient.value !== booking.patientId)
        throw invalid(target.patient.element, `Appointment/${id} is for another patient`);
      auditTarget(req, {
        action: 'update',
        patientIds: [booking.patientId],
        resource: { type: 'Appointment', id },
      });
      let confirmed = booking;
      if (booking.holdExpiresAt) {
        confirmed = await fhirErrors(() => scheduling.confirmHold(id, actorOf(req)), element);
      } else if (booking.status !== 'booked') {
        throw await asOutcome(
          new HttpError({
            status: 409,
            code: 'booking-not-bookable',
            title: 'Appointment not bookable',
            detail: `Appointment ${id} is ${appointmentStatus(booking)}; book a new slot instead (Appointment/$find).`,
          }),
          element,
        );
      }
      await auditAccess(req, {
        action: 'update',
        patientIds: [confirmed.patientId],
        resource: { type: 'Appointment', id },
      });
      await answer(req, res, confirmed, bookedNote(confirmed));
    },
  );

  function invalidNotFound(id: string, element: string): HttpError {
    const detail = `There is no appointment ${id} to book: hold a slot first (Appointment/$hold), or book a slot directly.`;
    return new HttpError({
      status: 404,
      code: 'not-found',
      title: 'Not found',
      detail,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'not-found', diagnostics: detail, expression: [element] },
        ],
      },
    });
  }

  // ---- SMART Scheduling Links ------------------------------------------------------------------

  function since(req: Request): Date | undefined {
    const parts = queryParts(req.query).filter((p) => p.name === '_since' || p.name === 'since');
    if (parts.length === 0) return undefined;
    if (parts.length > 1 || parts[0]!.values.length !== 1)
      throw invalid(parts[parts.length - 1]!.element, 'give _since once');
    return moment(parts[0]!, 'start').instant;
  }

  const publicFile = (res: Response): void => {
    res.setHeader('Cache-Control', `public, max-age=${BULK_MAX_AGE_SECONDS}`);
  };

  router.get(['/fhir/$bulk-publish', '/fhir/%24bulk-publish'], mongoUp, (req, res) => {
    const after = since(req);
    const base = baseUrl(req);
    publicFile(res);
    res.type('application/json; charset=utf-8').send(
      JSON.stringify(
        bulkManifest({
          baseUrl: base,
          request: `${base}${req.originalUrl}`,
          at: scheduling.now(),
          ...(after ? { since: after } : {}),
        }),
      ),
    );
  });

  const files: Record<BulkType, (req: Request) => Promise<object[]>> = {
    Location: () => publication.locations(),
    Schedule: () => publication.schedules(),
    Slot: (req) => publication.slots(baseUrl(req), since(req)),
  };
  for (const [type, resources] of Object.entries(files)) {
    router.get(`/fhir/bulk/${type}.ndjson`, mongoUp, async (req, res) => {
      const body = toNdjson(await resources(req));
      publicFile(res);
      res.type('application/fhir+ndjson; charset=utf-8').send(body);
    });
  }

  return router;
}
