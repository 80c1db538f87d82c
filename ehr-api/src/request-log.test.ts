import { describe, expect, it } from '@jest/globals';
import { requestForLog } from './request-log.js';

describe('what the access log writes of a request', () => {
  it("leaves out a card's SUN message whole", () => {
    expect(
      requestForLog({ url: '/c?picc_data=ABCDEF&cmac=0011', query: { picc_data: 'ABCDEF' } }),
    ).toEqual({ url: '/c?…', query: {} });
  });

  it("hides a kiosk page's display key and keeps the rest", () => {
    const logged = requestForLog({
      url: '/api/stations/kiosk-01/events?key=Kmv-secret_1&since=5',
      query: { key: 'Kmv-secret_1', since: '5' },
      method: 'GET',
    });
    expect(JSON.stringify(logged)).not.toContain('Kmv-secret_1');
    expect(logged).toEqual({
      url: '/api/stations/kiosk-01/events?key=%E2%80%A6&since=5',
      query: { key: '…', since: '5' },
      method: 'GET',
    });
  });

  it('passes other requests unchanged', () => {
    const req = { url: '/api/bookings?patientId=p1', query: { patientId: 'p1' } };
    expect(requestForLog(req)).toBe(req);
  });
});
