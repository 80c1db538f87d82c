import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { HealthMonitor, type Probe } from './health-monitor.js';

const logger = pino({ level: 'silent' });

function probe(name: Probe['name'], check: Probe['check']): Probe {
  return { name, check, whenDown: `${name} is down` };
}

describe('HealthMonitor', () => {
  it('is ready only when every probe answers', async () => {
    const monitor = new HealthMonitor(
      [
        probe('mongodb', () => Promise.resolve()),
        probe('hapi-fhir', () => Promise.reject(new Error('connection refused'))),
      ],
      { intervalMs: 60_000, probeTimeoutMs: 100, logger },
    );
    await monitor.start();
    monitor.stop();
    const readiness = monitor.readiness();
    expect(readiness.status).toBe('degraded');
    expect(monitor.isUp('mongodb')).toBe(true);
    expect(readiness.components.find((c) => c.name === 'hapi-fhir')).toMatchObject({
      status: 'down',
      detail: 'hapi-fhir is down (connection refused)',
    });
  });

  it('marks a probe that never answers down after its time-out instead of waiting on it', async () => {
    const monitor = new HealthMonitor(
      [probe('mongodb', () => new Promise<void>(() => undefined))],
      { intervalMs: 60_000, probeTimeoutMs: 50, logger },
    );
    const started = Date.now();
    await monitor.start();
    monitor.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(monitor.component('mongodb')?.detail).toContain('no answer within 50 ms');
  });

  it('turns a component down at once when a request reports a failure', async () => {
    const monitor = new HealthMonitor([probe('hapi-fhir', () => Promise.resolve())], {
      intervalMs: 60_000,
      probeTimeoutMs: 50,
      logger,
    });
    await monitor.start();
    monitor.stop();
    monitor.reportFailure('hapi-fhir', 'request failed: fetch failed');
    expect(monitor.isUp('hapi-fhir')).toBe(false);
  });

  it('counts a request that timed out like a late probe: down only after three in a row, and an answering probe starts the count again', async () => {
    const monitor = new HealthMonitor([probe('hapi-fhir', () => Promise.resolve())], {
      intervalMs: 60_000,
      probeTimeoutMs: 50,
      logger,
    });
    await monitor.start();
    monitor.stop();
    const runAll = (): Promise<void> =>
      (monitor as unknown as { runAll(): Promise<void> }).runAll();
    monitor.reportUnanswered('hapi-fhir', 'no answer within 5000 ms');
    monitor.reportUnanswered('hapi-fhir', 'no answer within 5000 ms');
    expect(monitor.isUp('hapi-fhir')).toBe(true);
    expect(monitor.component('hapi-fhir')?.detail).toBe(
      'slow: no answer within 5000 ms (2 in a row)',
    );
    await runAll();
    monitor.reportUnanswered('hapi-fhir', 'no answer within 5000 ms');
    monitor.reportUnanswered('hapi-fhir', 'no answer within 5000 ms');
    expect(monitor.isUp('hapi-fhir')).toBe(true);
    monitor.reportUnanswered('hapi-fhir', 'no answer within 5000 ms');
    expect(monitor.isUp('hapi-fhir')).toBe(false);
  });

  it('keeps a component that was up while its probe answers late, and marks it down after three late answers in a row', async () => {
    let answer: 'now' | 'never' = 'now';
    const monitor = new HealthMonitor(
      [
        probe('mongodb', () =>
          answer === 'now' ? Promise.resolve() : new Promise<void>(() => undefined),
        ),
      ],
      { intervalMs: 60_000, probeTimeoutMs: 20, logger },
    );
    await monitor.start();
    monitor.stop();
    answer = 'never';
    const runOne = (): Promise<void> =>
      (monitor as unknown as { runAll(): Promise<void> }).runAll();
    await runOne();
    await runOne();
    expect(monitor.isUp('mongodb')).toBe(true);
    expect(monitor.component('mongodb')?.detail).toBe('slow: no answer within 20 ms (2 in a row)');
    await runOne();
    expect(monitor.isUp('mongodb')).toBe(false);
    answer = 'now';
    await runOne();
    expect(monitor.isUp('mongodb')).toBe(true);
    expect(monitor.component('mongodb')?.detail).toBeUndefined();
  });

  it('marks a component down at the first probe that fails with an error', async () => {
    let fail = false;
    const monitor = new HealthMonitor(
      [
        probe('mongodb', () =>
          fail ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve(),
        ),
      ],
      { intervalMs: 60_000, probeTimeoutMs: 50, logger },
    );
    await monitor.start();
    monitor.stop();
    fail = true;
    await (monitor as unknown as { runAll(): Promise<void> }).runAll();
    expect(monitor.component('mongodb')).toMatchObject({
      status: 'down',
      detail: 'mongodb is down (connect ECONNREFUSED)',
    });
  });
});
