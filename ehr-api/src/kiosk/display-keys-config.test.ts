import { describe, expect, it } from '@jest/globals';
import { loadConfig, parseStationDisplayKeys } from '../config.js';

describe('parseStationDisplayKeys', () => {
  it('reads deviceId:displayKey pairs separated by commas', () => {
    expect(parseStationDisplayKeys('kiosk-01:abc, kiosk-02:x:y')).toEqual([
      { deviceId: 'kiosk-01', displayKey: 'abc' },
      { deviceId: 'kiosk-02', displayKey: 'x:y' },
    ]);
  });

  it('refuses a pair without a key, naming the station but not printing anything secret', () => {
    expect(() => parseStationDisplayKeys('kiosk-01:')).toThrow('kiosk-01');
  });
});

describe('card and kiosk configuration', () => {
  it('has no card keys by default, a 60 s idle time and a 10 min cap', () => {
    const config = loadConfig({});
    expect(config.QN_CARD_META_KEY).toBeUndefined();
    expect(config.QN_CARD_MASTER_KEY).toBeUndefined();
    expect(config.QN_KIOSK_IDLE_MS).toBe(60_000);
    expect(config.QN_KIOSK_SESSION_MAX_MS).toBe(600_000);
  });

  it('refuses a card key that is not 32 hexadecimal digits', () => {
    expect(() => loadConfig({ QN_CARD_META_KEY: 'abc' })).toThrow('QN_CARD_META_KEY');
  });
});
