import { Router, type Request, type RequestHandler, type Response } from 'express';
import { parseInput } from '../errors/parse-input.js';
import { z } from 'zod';
import { consentChangeSchema, type ConsentState, type PatientSearchResult } from '@qn/contracts';
import { consentId, type ConsentRecorder, type ConsentService } from './consent-service.js';
import { badRequest, HttpError, serviceUnavailable } from '../errors/http-error.js';
import { JobStoppedError } from '../ingestion/ingestion-service.js';
import { registrationBody, type PatientRegistration } from './patient-registration.js';
import { forbidden, requireRole } from '../auth/middleware.js';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import type { SchedulingService } from '../scheduling/scheduling-service.js';
import type { RecordService } from './record-service.js';
import type { PatientSearch } from './patient-search.js';
import { jsonBody } from '../hardening/json-body.js';

export const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: letters, digits, "-" and ".", at most 64');
export const searchQuery = z.object({
  q: z.string().trim().min(2, 'type at least 2 characters').max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const breakGlassBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(10, 'give the reason in at least 10 characters: it is reviewed later')
      .max(500),
  })
  .strict();

const parse = parseInput;

/** How far around today a booking at the doctor's hospital counts as treating the patient. */
const TREATMENT_WINDOW_BEFORE_DAYS = 30;
const TREATMENT_WINDOW_AFTER_DAYS = 7;

/**
 * Patient search (reception, doctors) and the shared record (doctors). A doctor reads the record of
 * a patient they are treating, that is one with a booking at the doctor's hospital within a month;
 * otherwise the API answers 403 break-glass-required and the doctor may give a reason, which is
 * recorded and reviewed. Every read and every refusal is in the audit log.
 */
export function recordRoutes(deps: {
  records: RecordService;
  search: PatientSearch;
  scheduling: SchedulingService;
  authenticate: RequestHandler;
  /** Patients' decisions on sharing between the hospitals; absent: the consent routes are not offered. */
  consent?: ConsentService;
  /** Registering new patients at reception (POST /api/patients); absent: not offered. */
  registration?: PatientRegistration;
  clock?: () => Date;
}): Router {
  const { records, search, scheduling, authenticate } = deps;
  const clock = deps.clock ?? ((): Date => new Date());
  const router = Router();
  router.use('/api/patients/:patientId/record/break-glass', jsonBody({ limit: '4kb' }));

  router.get(
    '/api/patients',
    authenticate,
    requireRole('receptionist', 'doctor', 'admin'),
    async (req, res) => {
      const query = parse(searchQuery, req.query, 'q');
      auditTarget(req, { action: 'search', resource: { type: 'Patient', query: 'q' } });
      const results: PatientSearchResult[] = await search.search(query.q, query.limit);
      // The search text may itself be a CCCD or phone number: the log keeps its kind, not its value.
      await auditAccess(req, {
        action: 'search',
        patientIds: results.map((r) => r.patientId),
        resource: { type: 'Patient', query: `q=<${search.kindOf(query.q)}>` },
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(results);
    },
  );

  const registration = deps.registration;
  if (registration)
    router.post(
      '/api/patients',
      authenticate,
      requireRole('receptionist', 'admin'),
      jsonBody({ limit: '4kb' }),
      async (req, res) => {
        auditTarget(req, { action: 'create', resource: { type: 'Patient' } });
        const body = parse(registrationBody, req.body ?? {}, 'body');
        const principal = req.principal;
        const staffHospital = principal?.kind === 'staff' ? principal.hospital : undefined;
        if (staffHospital && body.hospital && body.hospital !== staffHospital)
          throw forbidden(
            `You register patients at ${staffHospital}; ${body.hospital}'s own reception registers there.`,
            { reason: 'hospital' },
          );
        const hospital = staffHospital ?? body.hospital;
        if (!hospital)
          throw badRequest(
            'hospital: an administrator names the hospital the patient registers at',
            {
              errors: [{ field: 'hospital', message: 'required for an administrator' }],
            },
          );
        const actor = principal?.kind === 'staff' ? `user:${principal.userId}` : 'user:unknown';
        const result = await registration
          .register(body, hospital, actor)
          .catch((error: unknown) => {
            // HAPI or MongoDB went away during the load: nothing was registered; the desk may retry.
            if (error instanceof JobStoppedError)
              throw serviceUnavailable('hapi-fhir', error.message, error);
            throw error;
          });
        await auditAccess(req, {
          action: 'create',
          patientIds: [result.patient.patientId],
          resource: { type: 'Patient', id: result.patient.patientId },
        });
        res.status(201).location(`/api/patients?q=${result.patient.patientId}`).json(result);
      },
    );

  async function treats(req: Request, patientIds: string[]): Promise<boolean> {
    const principal = req.principal;
    if (principal?.kind !== 'staff' || !principal.hospital) return false;
    const now = clock().getTime();
    const from = now - TREATMENT_WINDOW_BEFORE_DAYS * 86_400_000;
    const to = now + TREATMENT_WINDOW_AFTER_DAYS * 86_400_000;
    for (const patientId of patientIds) {
      const bookings = await scheduling.forPatient(patientId, false);
      if (
        bookings.some(
          (b) =>
            b.hospitalId === principal.hospital &&
            // A real booking (not a hold, not cancelled) makes the doctor's hospital one that treats the patient.
            (b.status === 'booked' || b.status === 'checked-in' || b.status === 'no-show') &&
            Date.parse(b.start) >= from &&
            Date.parse(b.start) <= to,
        )
      )
        return true;
    }
    return false;
  }

  router.get(
    '/api/patients/:patientId/record',
    authenticate,
    requireRole('doctor'),
    async (req, res) => {
      const patientId = parse(ID, req.params.patientId, 'patientId');
      auditTarget(req, {
        action: 'read',
        patientIds: [patientId],
        resource: { type: 'Patient', id: patientId },
      });
      const linked = await records.linkedPatientIds(patientId);
      if (!(await treats(req, linked.patientIds))) {
        throw new HttpError({
          status: 403,
          code: 'break-glass-required',
          title: 'No treatment relationship',
          detail:
            'Bác sĩ không có lịch khám với người bệnh này tại bệnh viện của mình. Nếu cần xem hồ sơ (cấp cứu), hãy nêu lý do: việc truy cập được ghi nhật ký và xem xét lại. (No booking with this patient at your hospital: give a reason to open the record in an emergency.)',
          extra: { breakGlass: `/api/patients/${patientId}/record/break-glass` },
        });
      }
      const record = await records.sharedRecord(
        patientId,
        { basis: 'treatment' },
        req.principal?.kind === 'staff' ? req.principal.hospital : undefined,
      );
      await auditAccess(req, {
        action: 'read',
        patientIds: record.patients.map((p) => p.patientId),
        resource: { type: 'Patient', id: patientId },
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(record);
    },
  );

  router.post(
    '/api/patients/:patientId/record/break-glass',
    authenticate,
    requireRole('doctor'),
    async (req, res) => {
      const patientId = parse(ID, req.params.patientId, 'patientId');
      auditTarget(req, {
        action: 'break-glass',
        patientIds: [patientId],
        resource: { type: 'Patient', id: patientId },
      });
      const { reason } = parse(breakGlassBody, req.body ?? {}, 'reason');
      const record = await records.sharedRecord(patientId, { basis: 'break-glass', reason });
      await auditAccess(req, {
        action: 'break-glass',
        purpose: reason,
        patientIds: record.patients.map((p) => p.patientId),
        resource: { type: 'Patient', id: patientId },
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json(record);
    },
  );

  router.get('/api/kiosk/record', authenticate, requireRole('patient'), async (req, res) => {
    const principal = req.principal;
    if (principal?.kind !== 'patient')
      throw forbidden('Only a kiosk session can read its own record here.');
    auditTarget(req, {
      action: 'read',
      patientIds: [principal.patientId],
      resource: { type: 'Patient', id: principal.patientId },
    });
    const record = await records.sharedRecord(principal.patientId, { basis: 'self' });
    await auditAccess(req, {
      action: 'read',
      patientIds: record.patients.map((p) => p.patientId),
      resource: { type: 'Patient', id: principal.patientId },
    });
    res.setHeader('Cache-Control', 'no-store');
    // The public screen shows a summary: recent visits and results, never notes or medication details.
    const recent = record.timeline
      .filter(
        (entry) => entry.kind === 'encounter' || entry.kind === 'lab' || entry.kind === 'condition',
      )
      .slice(0, 30);
    res.json({ ...record, timeline: recent, allergies: record.allergies });
  });

  const consent = deps.consent;
  if (consent) {
    router.use(
      ['/api/kiosk/consent', '/api/patients/:patientId/consent'],
      jsonBody({ limit: '1kb' }),
    );
    const consentService = consent;
    const consentAudit = (action: 'read' | 'update', patientId: string, id?: string) => ({
      action,
      patientIds: [patientId],
      resource: { type: 'Consent', ...(id ? { id } : {}) },
    });

    /** Answers the person's decision, or records `change` first; audited either way. */
    async function answerConsent(
      req: Request,
      res: Response,
      patientId: string,
      change?: { share: boolean; onRecord: string; recordedBy: ConsentRecorder },
    ): Promise<void> {
      let state: ConsentState;
      if (change) {
        state = await consentService.decide(change.onRecord, change.share, change.recordedBy);
        await auditAccess(req, {
          ...consentAudit('update', change.onRecord, consentId(change.onRecord)),
          purpose: change.share ? 'sharing permitted' : 'sharing withdrawn',
        });
      } else {
        const { patientIds } = await records.linkedPatientIds(patientId);
        const { patientId: _kept, ...decision } = await consentService.decision(patientIds);
        state = decision;
        await auditAccess(req, consentAudit('read', patientId));
      }
      res.setHeader('Cache-Control', 'no-store');
      res.json(state);
    }

    /** The tapped patient at a kiosk: their own decision only. */
    function kioskPatient(req: Request, action: 'read' | 'update'): string {
      const principal = req.principal;
      if (principal?.kind !== 'patient')
        throw forbidden('Only a kiosk session reads or changes its own consent here.');
      auditTarget(req, consentAudit(action, principal.patientId));
      return principal.patientId;
    }

    /**
     * Reception takes the decision down on the patient's behalf (a form signed at the desk), on
     * the patient's record at the desk's own hospital: a desk where the patient has no record
     * may neither read nor change it (else any desk could reopen what the patient closed).
     * Administrators may, on the record named.
     */
    async function deskRecord(
      req: Request,
      action: 'read' | 'update',
    ): Promise<{ patientId: string; onRecord: string }> {
      const patientId = parse(ID, req.params.patientId, 'patientId');
      auditTarget(req, consentAudit(action, patientId));
      const principal = req.principal;
      if (principal?.kind === 'staff' && principal.role === 'admin')
        return { patientId, onRecord: patientId };
      const { patientIds } = await records.linkedPatientIds(patientId);
      const hospital = principal?.kind === 'staff' ? principal.hospital : undefined;
      const hospitals = await consentService.hospitalsOf(patientIds);
      const here = patientIds.find(
        (id) => hospital !== undefined && hospitals.get(id) === hospital,
      );
      if (!here)
        throw forbidden(
          'The patient has no record at your hospital: their consent is taken down where they are registered, or by the patient at a kiosk.',
          { reason: 'hospital' },
        );
      return { patientId, onRecord: here };
    }

    router.get('/api/kiosk/consent', authenticate, requireRole('patient'), async (req, res) => {
      await answerConsent(req, res, kioskPatient(req, 'read'));
    });
    router.put('/api/kiosk/consent', authenticate, requireRole('patient'), async (req, res) => {
      const patientId = kioskPatient(req, 'update');
      const { share } = parse(consentChangeSchema, req.body ?? {}, 'body');
      await answerConsent(req, res, patientId, {
        share,
        onRecord: patientId,
        recordedBy: { kind: 'patient' },
      });
    });
    const desk = requireRole('receptionist', 'admin');
    router.get('/api/patients/:patientId/consent', authenticate, desk, async (req, res) => {
      const { patientId } = await deskRecord(req, 'read');
      await answerConsent(req, res, patientId);
    });
    router.put('/api/patients/:patientId/consent', authenticate, desk, async (req, res) => {
      const { patientId, onRecord } = await deskRecord(req, 'update');
      const { share } = parse(consentChangeSchema, req.body ?? {}, 'body');
      const principal = req.principal;
      await answerConsent(req, res, patientId, {
        share,
        onRecord,
        recordedBy: {
          kind: 'staff',
          ...(principal?.kind === 'staff' && principal.hospital
            ? { hospital: principal.hospital }
            : {}),
        },
      });
    });
  }

  return router;
}
