import { describe, expect, it } from '@jest/globals';
import type { AuditEventAgent } from 'fhir/r4.js';
import type { AuditEventDocument } from './audit-model.js';
import { PROFILE } from '../fhir/profiles.js';
import {
  auditEventBundle,
  SYSTEM,
  toAuditEvents,
  unresolvedReference,
  vnDateTime,
} from './balp.js';

const OPTIONS = { observer: 'ehr-api', serverAddress: 'https://ehr.quangninh.gov.vn' };

function record(overrides: Partial<AuditEventDocument> = {}): AuditEventDocument {
  return {
    _id: '0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f',
    recorded: new Date('2026-03-02T01:30:00.000Z'),
    action: 'read',
    outcome: 'success',
    who: {
      kind: 'staff',
      userId: 'usr-7',
      displayName: 'BS. Hoàng Văn Long',
      role: 'doctor',
      hospital: 'bv-bai-chay',
      sessionId: 's1',
    },
    patientIds: ['pt-lan'],
    resource: { type: 'Encounter', id: 'enc-1' },
    requestId: 'req-42',
    clientIp: '10.0.0.8',
    publishedToFhir: false,
    publishAttempts: 0,
    nextAttemptAt: new Date(0),
    ...overrides,
  };
}

const code = (agent: AuditEventAgent | undefined): string | undefined =>
  agent?.type?.coding?.[0]?.code;

describe('toAuditEvents (BALP)', () => {
  it('maps a doctor reading an encounter to a BALP PatientRead', () => {
    const [event, ...rest] = toAuditEvents(record(), OPTIONS);
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      id: '0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
      action: 'R',
      outcome: '0',
      recorded: '2026-03-02T08:30:00.000+07:00',
      source: { observer: { display: 'ehr-api' }, type: [{ code: '4' }] },
    });
    const [client, server, user] = event!.agent;
    // BALP Read: the client is the Destination, the server the Source.
    expect(code(client)).toBe('110152');
    expect(client?.network).toEqual({ address: '10.0.0.8', type: '2' });
    expect(code(server)).toBe('110153');
    expect(server?.network).toEqual({ address: 'https://ehr.quangninh.gov.vn', type: '5' });
    expect(user).toMatchObject({
      type: { coding: [{ code: 'IRCP' }] },
      who: { identifier: { system: SYSTEM.staffUser, value: 'usr-7' } },
      name: 'BS. Hoàng Văn Long',
      role: [{ text: 'doctor' }],
      requestor: true,
    });
    expect(event!.agent.filter((a) => a.requestor)).toHaveLength(1);
    expect(event!.entity).toEqual([
      {
        what: { identifier: { value: 'req-42' } },
        type: { system: SYSTEM.balpEntityType, code: 'XrequestId', display: 'X-Request-Id' },
      },
      {
        what: { reference: 'Patient/pt-lan' },
        type: { system: SYSTEM.entityType, code: '1', display: 'Person' },
        role: { system: SYSTEM.objectRole, code: '1', display: 'Patient' },
      },
      {
        what: { reference: 'Encounter/enc-1' },
        type: { system: SYSTEM.entityType, code: '2', display: 'System Object' },
        role: { system: SYSTEM.objectRole, code: '4', display: 'Domain Resource' },
      },
    ]);
  });

  it('writes a search as search-type with action E, the client as Source, and the query base64-encoded', () => {
    const [event] = toAuditEvents(
      record({ action: 'search', resource: { type: 'Patient', query: 'name=Nguyễn Thị Lan' } }),
      OPTIONS,
    );
    expect(event).toMatchObject({ subtype: [{ code: 'search-type' }], action: 'E' });
    expect(code(event!.agent[0])).toBe('110153');
    const query = event!.entity!.find((e) => e.role?.code === '24');
    expect(query?.description).toBe('name=Nguyễn Thị Lan');
    expect(Buffer.from(query!.query!, 'base64').toString('utf8')).toBe('name=Nguyễn Thị Lan');
  });

  it('maps create, update, restore and delete to C, U, U and D with the user as author', () => {
    const shapes = (['create', 'update', 'restore', 'delete'] as const).map((action) => {
      const [event] = toAuditEvents(record({ action }), OPTIONS);
      return `${event!.subtype?.[0]?.code}/${event!.action}/${code(event!.agent[2])}`;
    });
    expect(shapes).toEqual(['create/C/AUT', 'update/U/AUT', 'update/U/AUT', 'delete/D/AUT']);
  });

  it('gives a denied access outcome 4 and a failure outcome 8, each with its reason', () => {
    const [denied] = toAuditEvents(
      record({ outcome: 'denied', outcomeReason: 'other hospital' }),
      OPTIONS,
    );
    expect(denied).toMatchObject({ outcome: '4', outcomeDesc: 'other hospital' });
    const [failed] = toAuditEvents(
      record({ outcome: 'failed', outcomeReason: 'HAPI down' }),
      OPTIONS,
    );
    expect(failed).toMatchObject({ outcome: '8', outcomeDesc: 'HAPI down' });
  });

  it('writes one AuditEvent per patient when several were touched, with distinct ids', () => {
    const events = toAuditEvents(
      record({
        action: 'search',
        patientIds: ['p1', 'p2', 'p3'],
        resource: { query: 'birthdate=1958' },
      }),
      OPTIONS,
    );
    expect(events.map((e) => e.id)).toEqual([
      '0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f-1',
      '0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f-2',
      '0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f-3',
    ]);
    expect(events.map((e) => e.entity?.find((x) => x.role?.code === '1')?.what?.reference)).toEqual(
      ['Patient/p1', 'Patient/p2', 'Patient/p3'],
    );
    expect(events.every((e) => e.id.length <= 64)).toBe(true);
  });

  it('names by identifier what HAPI cannot resolve: a reference it refused (typed), or an API record that is no FHIR resource (untyped, named in display)', () => {
    const [event] = toAuditEvents(record({ resource: { type: 'StaffUser', id: 'usr-9' } }), {
      ...OPTIONS,
      unresolved: new Set(['Patient/pt-lan']),
    });
    const whats = event!.entity!.map((e) => e.what);
    expect(whats[1]).toEqual({
      identifier: { system: SYSTEM.fhirReference, value: 'Patient/pt-lan' },
      type: 'Patient',
    });
    expect(whats[2]).toEqual({
      identifier: { system: SYSTEM.fhirReference, value: 'StaffUser/usr-9' },
      display: 'StaffUser usr-9',
    });
  });

  it('gives Reference.type only FHIR resource types, whatever record the audit names', () => {
    const records = [
      'Card',
      'StaffUser',
      'StaffOidcLink',
      'IdentityLink',
      'IdentityReview',
      'Patient',
      'Encounter',
    ].map((type) => record({ resource: { type, id: 'x-1' } }));
    const types = records
      .flatMap((r) => toAuditEvents(r, { ...OPTIONS, unresolved: new Set(['Encounter/x-1']) }))
      .flatMap((e) => [...e.agent.map((a) => a.who), ...(e.entity ?? []).map((x) => x.what)])
      .flatMap((ref) => (ref?.type ? [ref.type] : []));
    expect([...new Set(types)]).toEqual(['Encounter']);
  });

  it('declares the province AuditEvent profile on every event', () => {
    const events = toAuditEvents(record({ patientIds: ['a', 'b'] }), OPTIONS);
    for (const event of events) expect(event.meta?.profile).toEqual([PROFILE.AuditEvent]);
  });

  it('writes no empty who for a staff member known by neither id nor name, keeping the username and role', () => {
    const [event] = toAuditEvents(
      record({ who: { kind: 'staff', username: 'le.tan.moi', role: 'receptionist' } }),
      OPTIONS,
    );
    const user = event!.agent[2]!;
    expect(user).toMatchObject({
      altId: 'le.tan.moi',
      role: [{ text: 'receptionist' }],
      requestor: true,
    });
    expect(user.who).toBeUndefined();
    for (const agent of event!.agent)
      if (agent.who) expect(Object.keys(agent.who).length).toBeGreaterThan(0);
  });

  it('marks a break-glass read with purpose BTG and the reason given', () => {
    const [event] = toAuditEvents(
      record({ action: 'break-glass', purpose: 'Cấp cứu, bệnh nhân bất tỉnh' }),
      OPTIONS,
    );
    const btg = {
      coding: [{ system: SYSTEM.actReason, code: 'BTG', display: 'break the glass' }],
      text: 'Cấp cứu, bệnh nhân bất tỉnh',
    };
    expect(event).toMatchObject({
      action: 'R',
      subtype: [{ code: 'read' }],
      purposeOfEvent: [btg],
    });
    expect(event!.agent[2]?.purposeOfUse).toEqual([btg]);
  });

  it('writes sign-in as DICOM User Authentication / Login, and an unknown user by the name typed', () => {
    const [event] = toAuditEvents(
      record({
        action: 'sign-in',
        outcome: 'failed',
        who: { kind: 'anonymous', username: 'bacsi.x' },
        patientIds: [],
        resource: undefined,
      }),
      OPTIONS,
    );
    expect(event).toMatchObject({
      type: { system: SYSTEM.dicom, code: '110114' },
      subtype: [{ code: '110122', display: 'Login' }],
      action: 'E',
      outcome: '8',
    });
    expect(event!.agent).toHaveLength(2);
    expect(event!.agent[0]).toMatchObject({ altId: 'bacsi.x', requestor: true });
  });

  it('makes a patient at a kiosk the requestor, through the station it used', () => {
    const [event] = toAuditEvents(
      record({
        who: { kind: 'patient', patientId: 'pt-lan', kioskSessionId: 'k1' },
        stationId: 'kiosk-01',
      }),
      OPTIONS,
    );
    expect(event!.agent[0]).toMatchObject({
      who: { identifier: { system: SYSTEM.station, value: 'kiosk-01' } },
      requestor: false,
    });
    expect(event!.agent[2]).toMatchObject({
      who: { reference: 'Patient/pt-lan' },
      requestor: true,
    });
  });
});

describe('auditEventBundle', () => {
  it('PUTs each AuditEvent by its id, so sending twice changes nothing', () => {
    const bundle = auditEventBundle(toAuditEvents(record({ patientIds: ['a', 'b'] }), OPTIONS));
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => `${e.request?.method} ${e.request?.url}`)).toEqual([
      'PUT AuditEvent/0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f-1',
      'PUT AuditEvent/0b7c3d5e-1f2a-4b3c-8d9e-0a1b2c3d4e5f-2',
    ]);
  });
});

describe('unresolvedReference', () => {
  it('reads the missing reference from HAPI-1094 and nothing from other refusals', () => {
    expect(
      unresolvedReference(
        'HAPI-1094: Resource Patient/pt-9 not found, specified in path: AuditEvent.entity.what',
      ),
    ).toBe('Patient/pt-9');
    expect(unresolvedReference('HAPI-0450: Failed to parse request body')).toBeUndefined();
  });
});

describe('vnDateTime', () => {
  it('writes an instant in +07:00', () => {
    expect(vnDateTime(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T03:00:00.000+07:00');
  });
});
