import { toRecordAccesses } from './doctor-api';

describe('toRecordAccesses', () => {
  it('reads the agreed array shape', () => {
    expect(
      toRecordAccesses([
        {
          at: '2025-11-24T02:00:00Z',
          userDisplayName: 'BS. Hùng',
          role: 'doctor',
          action: 'read',
          outcome: 'success',
        },
      ]),
    ).toEqual([
      {
        at: '2025-11-24T02:00:00Z',
        who: 'BS. Hùng',
        role: 'doctor',
        hospital: null,
        action: 'read',
        outcome: 'success',
        purpose: null,
      },
    ]);
  });

  it('reads the audit API shape with who{} and a break-glass purpose', () => {
    expect(
      toRecordAccesses({
        patientId: 'p1',
        accesses: [
          {
            at: '2025-11-24T03:00:00Z',
            action: 'break-glass',
            who: { displayName: 'BS. Mai', role: 'doctor', hospital: 'bv-bai-chay' },
            purpose: 'Cấp cứu, người bệnh hôn mê',
          },
        ],
      }),
    ).toEqual([
      {
        at: '2025-11-24T03:00:00Z',
        who: 'BS. Mai',
        role: 'doctor',
        hospital: 'bv-bai-chay',
        action: 'break-glass',
        outcome: null,
        purpose: 'Cấp cứu, người bệnh hôn mê',
      },
    ]);
  });

  it('drops malformed items and answers an empty list for anything else', () => {
    expect(toRecordAccesses([{ action: 'read' }, null, 'x'])).toEqual([]);
    expect(toRecordAccesses({ nothing: true })).toEqual([]);
    expect(toRecordAccesses(null)).toEqual([]);
  });
});
