import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentSocketUrl, basicAuthorization, ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the documented defaults when only the credentials are set', () => {
    const config = loadConfig({ env: { QN_DEVICE_ID: 'kiosk-1', QN_DEVICE_SECRET: 's3cret' } });
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:3000',
      logLevel: 'info',
      heartbeatMs: 10_000,
      maxTapAgeMs: 30_000,
    });
  });

  it('reads the readers this agent uses from QN_READERS, comma-separated, all when unset', () => {
    const env = { QN_DEVICE_ID: 'desk-1', QN_DEVICE_SECRET: 's' };
    expect(loadConfig({ env }).readers).toEqual([]);
    expect(
      loadConfig({ env: { ...env, QN_READERS: 'Virtual PCD 00 01, ACS ACR1252 ' } }).readers,
    ).toEqual(['Virtual PCD 00 01', 'ACS ACR1252']);
  });

  it('throws ConfigError naming QN_DEVICE_ID when the credentials are missing', () => {
    expect(() => loadConfig({ env: {} })).toThrow(/QN_DEVICE_ID/);
  });

  it('lets the JSON file override the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qn-agent-config-'));
    const file = join(dir, 'agent.json');
    writeFileSync(
      file,
      JSON.stringify({ apiUrl: 'https://api.qn.example', reconnect: { maxDelayMs: 5000 } }),
    );
    const config = loadConfig({
      env: { QN_DEVICE_ID: 'a', QN_DEVICE_SECRET: 'b', QN_API_URL: 'http://x:1' },
      configFile: file,
    });
    expect(config.apiUrl).toBe('https://api.qn.example');
    expect(config.reconnect).toEqual({ initialDelayMs: 500, maxDelayMs: 5000 });
  });

  it('throws ConfigError when the log level or URL is invalid', () => {
    expect(() =>
      loadConfig({ env: { QN_DEVICE_ID: 'a', QN_DEVICE_SECRET: 'b', QN_LOG_LEVEL: 'loud' } }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ env: { QN_DEVICE_ID: 'a', QN_DEVICE_SECRET: 'b', QN_API_URL: 'ftp://x' } }),
    ).toThrow(ConfigError);
  });
});

describe('agentSocketUrl', () => {
  it('turns http into ws and https into wss, keeping a base path', () => {
    expect(agentSocketUrl('http://127.0.0.1:3000', '/agent/socket')).toBe(
      'ws://127.0.0.1:3000/agent/socket',
    );
    expect(agentSocketUrl('https://qn.example/api/', '/agent/socket')).toBe(
      'wss://qn.example/api/agent/socket',
    );
  });
});

describe('basicAuthorization', () => {
  it('encodes deviceId:secret in base64', () => {
    expect(basicAuthorization('kiosk-1', 'pa:ss')).toBe(
      `Basic ${Buffer.from('kiosk-1:pa:ss').toString('base64')}`,
    );
  });
});
