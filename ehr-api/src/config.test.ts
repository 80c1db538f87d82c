import { describe, expect, it } from '@jest/globals';
import { cardSunBaseUrl, ConfigError, loadConfig, parseDeviceCredentials } from './config.js';

describe('loadConfig', () => {
  it('runs locally with no variable set, on loopback', () => {
    const config = loadConfig({});
    expect(config.QN_API_HOST).toBe('127.0.0.1');
    expect(config.QN_API_PORT).toBe(3000);
    expect(config.MONGODB_URI).toMatch(/^mongodb:\/\/127\.0\.0\.1/);
    expect(config.HAPI_FHIR_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ QN_API_PORT: 'eighty', HAPI_FHIR_URL: 'not a url' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ QN_API_PORT: 'eighty', HAPI_FHIR_URL: 'not a url' });
    } catch (error) {
      expect((error as Error).message).toContain('QN_API_PORT');
      expect((error as Error).message).toContain('HAPI_FHIR_URL');
    }
  });
});

describe('cardSunBaseUrl', () => {
  it("writes new cards with the API's own landing page when the public address is known", () => {
    expect(cardSunBaseUrl(loadConfig({ QN_PUBLIC_URL: 'https://kham.quangninh.gov.vn/' }))).toBe(
      'https://kham.quangninh.gov.vn/c',
    );
    expect(
      cardSunBaseUrl(
        loadConfig({
          QN_PUBLIC_URL: 'https://kham.quangninh.gov.vn',
          QN_CARD_SUN_URL: 'https://qn.vn/t',
        }),
      ),
    ).toBe('https://qn.vn/t');
    expect(cardSunBaseUrl(loadConfig({}))).toBe('https://the.qn.health/c');
  });

  it('refuses at start-up an address too long for the card, naming the variable', () => {
    const long = `https://kham.quangninh.gov.vn/${'a'.repeat(200)}`;
    expect(() => loadConfig({ QN_PUBLIC_URL: long })).toThrow(
      /QN_PUBLIC_URL: the card URL .* does not fit a card/,
    );
    expect(() => loadConfig({ QN_CARD_SUN_URL: long })).toThrow(/QN_CARD_SUN_URL/);
  });
});

describe('parseDeviceCredentials', () => {
  it('reads deviceId:secret pairs, keeping colons inside the secret', () => {
    expect(parseDeviceCredentials('kiosk-01:abc, desk-01:x:y')).toEqual([
      { deviceId: 'kiosk-01', secret: 'abc' },
      { deviceId: 'desk-01', secret: 'x:y' },
    ]);
  });

  it('refuses a pair without a secret, without printing the secret', () => {
    expect(() => parseDeviceCredentials('kiosk-01')).toThrow('kiosk-01');
    expect(() => parseDeviceCredentials('kiosk-01:')).toThrow('deviceId:secret');
  });
});
