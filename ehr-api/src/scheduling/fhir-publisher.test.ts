import { describe, expect, it } from '@jest/globals';
import type { Appointment, Schedule, Slot } from 'fhir/r4.js';
import { IDENTIFIER_SYSTEM, PROFILE, TERMINOLOGY } from '../fhir/profiles.js';
import { bookingBundle, bookingsBundle, transactionsOf, vnInstant } from './fhir-publisher.js';
import type { BookingDocument } from './models.js';

/** The fields of a booking the publisher reads (the rest of the document does not reach HAPI). */
function booking(overrides: Partial<BookingDocument> = {}): BookingDocument {
  return {
    _id: '3f6b2c1e-8a4d-4e7b-9c2f-5d1a0b7e6c34',
    patientId: 'bch-pat-000731',
    serviceId: 'hs-bv-bai-chay-tai-mui-hong',
    hospitalId: 'bv-bai-chay',
    hospitalName: 'Bệnh viện Bãi Cháy',
    serviceName: 'Khoa Tai Mũi Họng',
    departmentCode: 'tai-mui-hong',
    locationId: 'loc-bv-bai-chay',
    start: new Date('2026-12-01T01:00:00Z'),
    end: new Date('2026-12-01T01:15:00Z'),
    localDay: '2026-12-01',
    capacity: 3,
    ticketCode: '7KQ2M9XD',
    status: 'booked',
    queueNumber: 12,
    createdAt: new Date('2026-11-24T08:42:10Z'),
    ...overrides,
  } as BookingDocument;
}

function resources(doc: BookingDocument, seatsTaken = 2, patientExists = true) {
  const [schedule, slot, appointment] = (
    bookingBundle(doc, seatsTaken, patientExists).entry ?? []
  ).map((e) => e.resource) as [Schedule, Slot, Appointment];
  return { schedule, slot, appointment };
}

describe('bookingBundle', () => {
  it('declares the province profile on the Schedule, the Slot and the Appointment', () => {
    const { schedule, slot, appointment } = resources(booking());
    expect([schedule.meta?.profile, slot.meta?.profile, appointment.meta?.profile]).toEqual([
      [PROFILE.Schedule],
      [PROFILE.Slot],
      [PROFILE.Appointment],
    ]);
  });

  it('names the booking by id, ticket code and queue number of the department that day', () => {
    expect(resources(booking()).appointment.identifier).toEqual([
      { system: IDENTIFIER_SYSTEM.bookingId, value: '3f6b2c1e-8a4d-4e7b-9c2f-5d1a0b7e6c34' },
      { system: IDENTIFIER_SYSTEM.bookingTicket, value: '7KQ2M9XD' },
      {
        system: IDENTIFIER_SYSTEM.queueNumber,
        value: 'hs-bv-bai-chay-tai-mui-hong/2026-12-01/12',
      },
    ]);
    const { identifier } = resources(booking({ queueNumber: undefined })).appointment;
    expect(identifier?.map((i) => i.system)).toEqual([
      IDENTIFIER_SYSTEM.bookingId,
      IDENTIFIER_SYSTEM.bookingTicket,
    ]);
  });

  it('writes times in Vietnam time (+07:00), end after start', () => {
    const { slot, appointment } = resources(booking());
    expect([slot.start, slot.end]).toEqual([
      '2026-12-01T08:00:00.000+07:00',
      '2026-12-01T08:15:00.000+07:00',
    ]);
    expect([appointment.start, appointment.end, appointment.created]).toEqual([
      '2026-12-01T08:00:00.000+07:00',
      '2026-12-01T08:15:00.000+07:00',
      '2026-11-24T15:42:10.000+07:00',
    ]);
    expect(vnInstant(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01T00:30:00.000+07:00');
  });

  it('references a patient HAPI holds, and names one it does not hold by a typed identifier', () => {
    expect(resources(booking()).appointment.participant[0]?.actor).toEqual({
      reference: 'Patient/bch-pat-000731',
    });
    expect(resources(booking(), 2, false).appointment.participant[0]?.actor).toEqual({
      type: 'Patient',
      identifier: { system: IDENTIFIER_SYSTEM.fhirReference, value: 'Patient/bch-pat-000731' },
      display: 'Patient bch-pat-000731',
    });
  });

  it('puts the department and the hospital as actors and participants, and the department code without a display of its own', () => {
    const { schedule, slot, appointment } = resources(booking());
    const references = (refs: Array<{ reference?: string }>): Array<string | undefined> =>
      refs.map((r) => r.reference);
    expect(references(schedule.actor)).toEqual([
      'HealthcareService/hs-bv-bai-chay-tai-mui-hong',
      'Location/loc-bv-bai-chay',
    ]);
    expect(references(appointment.participant.slice(1).map((p) => p.actor ?? {}))).toEqual(
      references(schedule.actor),
    );
    expect(slot.schedule.reference).toBe('Schedule/sch-hs-bv-bai-chay-tai-mui-hong');
    expect(appointment.slot).toEqual([{ reference: `Slot/${slot.id}` }]);
    for (const resource of [schedule, slot, appointment])
      expect(resource.serviceType).toEqual([
        {
          coding: [{ system: TERMINOLOGY.departmentCodeSystem, code: 'tai-mui-hong' }],
          text: 'Khoa Tai Mũi Họng',
        },
      ]);
  });

  it('marks the Slot busy once every seat is taken, and a no-show as noshow', () => {
    expect(resources(booking(), 3).slot.status).toBe('busy');
    expect(resources(booking(), 2).slot.status).toBe('free');
    expect(resources(booking({ status: 'no-show' })).appointment.status).toBe('noshow');
  });
});

describe('bookingsBundle', () => {
  it('writes each Schedule and Slot once with the seat count, and one Appointment per booking', () => {
    const first = booking({ _id: 'b-1', patientId: 'p-1' });
    const second = booking({ _id: 'b-2', patientId: 'p-2' });
    const elsewhere = booking({
      _id: 'b-3',
      start: new Date('2026-12-01T01:15:00Z'),
      end: new Date('2026-12-01T01:30:00Z'),
    });
    const bundle = bookingsBundle([
      { doc: first, seatsTaken: 2, patientExists: true },
      { doc: second, seatsTaken: 3, patientExists: false },
      { doc: elsewhere, seatsTaken: 1, patientExists: true },
    ]);
    const entries = bundle.entry ?? [];
    expect(entries.map((e) => e.resource?.resourceType)).toEqual([
      'Schedule',
      'Slot',
      'Slot',
      'Appointment',
      'Appointment',
      'Appointment',
    ]);
    const slots = entries.flatMap((e) => (e.resource?.resourceType === 'Slot' ? [e.resource] : []));
    expect(slots.map((slot) => [slot.comment, slot.status])).toEqual([
      ['3/3', 'busy'],
      ['1/3', 'free'],
    ]);
    expect(entries.slice(3).map((e) => e.request?.url)).toEqual(
      ['b-1', 'b-2', 'b-3'].map(
        (id) =>
          `Appointment?identifier=${encodeURIComponent(`${IDENTIFIER_SYSTEM.bookingId}|${id}`)}`,
      ),
    );
    const patientOf = (e: (typeof entries)[number]) =>
      (e.resource as Appointment).participant[0]?.actor;
    expect(patientOf(entries[3]!)).toEqual({ reference: 'Patient/p-1' });
    expect(patientOf(entries[4]!)?.reference).toBeUndefined();
  });

  it('leaves out the Schedules HAPI already holds', () => {
    const bundle = bookingsBundle(
      [{ doc: booking(), seatsTaken: 1, patientExists: true }],
      new Set([booking().serviceId]),
    );
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual(['Slot', 'Appointment']);
  });
});

describe('transactionsOf', () => {
  const due = (slot: string, count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => ({ _id: `${slot}-${from + i}`, slotId: slot }));

  it('keeps every booking of a slot in one transaction, in order, and fills transactions with whole slots up to 20', () => {
    const transactions = transactionsOf([...due('a', 8), ...due('b', 8), ...due('c', 8)]);
    expect(transactions.map((t) => t.length)).toEqual([16, 8]);
    expect(transactions[0]?.slice(0, 3)).toEqual(['a-0', 'a-1', 'a-2']);
    expect(transactions[1]).toEqual(due('c', 8).map((d) => d._id));
  });

  it('gathers a slot whose bookings came out of order, and gives a slot with more than 20 its own transaction', () => {
    const transactions = transactionsOf([...due('a', 2), ...due('big', 25), ...due('a', 2, 2)]);
    expect(transactions).toEqual([['a-0', 'a-1', 'a-2', 'a-3'], due('big', 25).map((d) => d._id)]);
  });
});
