import { describe, expect, it } from '@jest/globals';
import type { Booking } from '@qn/contracts';
import { HttpError } from '../errors/http-error.js';
import {
  bookingAppointment,
  bookingTarget,
  HOLD_EXPIRES_EXTENSION,
  slotIdFromFhirId,
} from './scheduling-operations.js';

const SLOT = 'hs-bv-bai-chay-noi-202612010730';

function refusal(body: unknown): { status: number; expression?: string[]; text?: string } {
  try {
    bookingTarget(body);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const issue = error.outcome?.issue[0];
    return {
      status: error.status,
      ...(issue?.expression ? { expression: issue.expression } : {}),
      ...(issue?.diagnostics ? { text: issue.diagnostics } : {}),
    };
  }
  throw new Error('accepted');
}

describe('slotIdFromFhirId', () => {
  it('turns a published Slot id back into the API slot id', () => {
    expect(slotIdFromFhirId(SLOT)).toBe('hs-bv-bai-chay-noi@202612010730');
  });

  it('refuses ids that are not slots or name no real time', () => {
    expect(slotIdFromFhirId('3f1c2a4e-0000-4000-8000-000000000000')).toBeUndefined();
    expect(slotIdFromFhirId('hs-bv-bai-chay-noi-202602301000')).toBeUndefined();
    expect(slotIdFromFhirId('hs-bv-bai-chay-noi-202612012500')).toBeUndefined();
  });
});

describe('bookingTarget', () => {
  it('reads the slot and patient of a proposed Appointment sent back as appointment-resource', () => {
    expect(
      bookingTarget({
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'appointment-resource',
            resource: {
              resourceType: 'Appointment',
              id: SLOT,
              status: 'proposed',
              slot: [{ reference: `Slot/${SLOT}` }],
              participant: [{ actor: { reference: 'Patient/pt-1' }, status: 'needs-action' }],
            },
          },
        ],
      }),
    ).toMatchObject({
      slot: { value: 'hs-bv-bai-chay-noi@202612010730' },
      patient: { value: 'pt-1' },
    });
  });

  it('reads a held appointment from appointment-reference, and Argonaut appt-id the same', () => {
    const id = '3f1c2a4e-0000-4000-8000-000000000000';
    for (const name of ['appointment-reference', 'appt-id']) {
      expect(
        bookingTarget({
          resourceType: 'Parameters',
          parameter: [{ name, valueReference: { reference: `Appointment/${id}` } }],
        }),
      ).toMatchObject({ appointment: { value: id } });
    }
  });

  it('reads the pending Appointment $hold answered, sent back whole (IHE), as that appointment', () => {
    const id = '3f1c2a4e-0000-4000-8000-000000000000';
    expect(
      bookingTarget({
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'appointment-resource',
            resource: {
              resourceType: 'Appointment',
              id,
              status: 'pending',
              slot: [{ reference: `Slot/${SLOT}` }],
              participant: [{ actor: { reference: 'Patient/pt-1' }, status: 'accepted' }],
            },
          },
        ],
      }),
    ).toMatchObject({ appointment: { value: id }, patient: { value: 'pt-1' } });
  });

  it('names the element at fault when the body is not Parameters or names no appointment', () => {
    expect(refusal({ resourceType: 'Appointment' })).toMatchObject({
      status: 400,
      expression: ['Parameters'],
    });
    expect(refusal({ resourceType: 'Parameters', parameter: [] })).toMatchObject({
      status: 400,
      expression: ['Parameters'],
    });
    expect(
      refusal({ resourceType: 'Parameters', parameter: [{ name: 'slot', valueString: SLOT }] }),
    ).toMatchObject({ status: 400, expression: ["Parameters.parameter.where(name = 'slot')"] });
  });

  it('refuses a Slot reference that is not one of ours, and two patients in one appointment', () => {
    expect(
      refusal({
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'appointment',
            resource: { resourceType: 'Appointment', slot: [{ reference: 'Slot/abc' }] },
          },
        ],
      }),
    ).toMatchObject({
      status: 400,
      expression: ["Parameters.parameter.where(name = 'appointment').resource.slot"],
    });
    expect(
      refusal({
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'appointment',
            resource: {
              resourceType: 'Appointment',
              slot: [{ reference: `Slot/${SLOT}` }],
              participant: [
                { actor: { reference: 'Patient/a' }, status: 'accepted' },
                { actor: { reference: 'Patient/b' }, status: 'accepted' },
              ],
            },
          },
        ],
      }).status,
    ).toBe(400);
  });
});

describe('bookingAppointment', () => {
  const booking: Booking = {
    id: '3f1c2a4e-0000-4000-8000-000000000000',
    patientId: 'pt-1',
    hospitalId: 'bv-bai-chay',
    hospitalName: 'Bệnh viện Bãi Cháy',
    serviceId: 'hs-bv-bai-chay-noi',
    serviceName: 'Khoa Nội',
    departmentCode: 'noi',
    start: '2026-12-01T00:30:00.000Z',
    end: '2026-12-01T00:45:00.000Z',
    status: 'held',
    queueNumber: 0,
    ticketCode: 'ABCD-EFGH',
    directions: 'Nhà điều trị, tầng 2',
    createdAt: '2026-11-30T01:00:00.000Z',
    publishedToFhir: false,
    holdExpiresAt: '2026-11-30T01:05:00.000Z',
  };

  it('shows a hold as pending, with until when in +07:00', () => {
    const appointment = bookingAppointment(booking);
    expect(appointment).toMatchObject({
      id: booking.id,
      status: 'pending',
      start: '2026-12-01T07:30:00.000+07:00',
      slot: [{ reference: `Slot/${SLOT}` }],
    });
    expect(appointment.extension).toEqual([
      { url: HOLD_EXPIRES_EXTENSION, valueInstant: '2026-11-30T08:05:00.000+07:00' },
    ]);
  });

  it('shows a booking as booked with its queue number, and no hold time', () => {
    const appointment = bookingAppointment({ ...booking, status: 'booked', queueNumber: 7 });
    expect(appointment.status).toBe('booked');
    expect(appointment.extension).toBeUndefined();
    expect(appointment.identifier?.map((i) => i.value)).toContain(
      'hs-bv-bai-chay-noi/2026-12-01/7',
    );
  });
});
