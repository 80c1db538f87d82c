import { describe, expect, it } from '@jest/globals';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { errorHandler } from '../errors/error-handler.js';
import { pino } from 'pino';
import { admissionGate } from './admission.js';

/** An app whose /api/work answers only when the test lets it, behind a gate of one at a time. */
async function gatedApp(options: { maxQueued: number; maxWaitMs: number }) {
  const gate = admissionGate({ concurrency: 1, ...options });
  const pending: Array<() => void> = [];
  const order: string[] = [];
  const app = express();
  app.use(gate);
  app.get('/api/work/:name', (req, res) => {
    order.push(req.params.name);
    pending.push(() => res.json({ done: req.params.name }));
  });
  app.get('/api/stations/:id/events', (_req, res) => {
    res.json({ stream: true });
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const until = async (condition: () => boolean): Promise<void> => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { gate, pending, order, url, until, close: () => server.close() };
}

describe('admissionGate', () => {
  it('works on one request at a time in arrival order and refuses with 503 once too many wait', async () => {
    const app = await gatedApp({ maxQueued: 1, maxWaitMs: 60_000 });
    try {
      const first = fetch(`${app.url}/api/work/a`);
      await app.until(() => app.pending.length === 1);
      const second = fetch(`${app.url}/api/work/b`);
      await app.until(() => app.gate.load().waiting === 1);
      const third = await fetch(`${app.url}/api/work/c`);
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(((await third.json()) as { detail: string }).detail).toMatch(/Nothing was done/);
      expect(app.gate.load()).toEqual({ active: 1, waiting: 1 });
      // Streams bypass the gate even while it is full.
      expect((await fetch(`${app.url}/api/stations/kiosk-1/events`)).status).toBe(200);

      app.pending.shift()!();
      expect((await first).status).toBe(200);
      await app.until(() => app.pending.length === 1);
      app.pending.shift()!();
      expect(await (await second).json()).toEqual({ done: 'b' });
      expect(app.order).toEqual(['a', 'b']);
    } finally {
      app.close();
    }
  });

  it('answers 503 to a request that waited longer than it may, without working on it', async () => {
    const app = await gatedApp({ maxQueued: 10, maxWaitMs: 50 });
    try {
      const first = fetch(`${app.url}/api/work/a`);
      await app.until(() => app.pending.length === 1);
      const late = fetch(`${app.url}/api/work/late`);
      await new Promise((resolve) => setTimeout(resolve, 120));
      app.pending.shift()!();
      await first;
      const answer = await late;
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { detail: string }).detail).toMatch(/waited \d+ ms/);
      expect(app.order).toEqual(['a']);
      expect(app.gate.load()).toEqual({ active: 0, waiting: 0 });
    } finally {
      app.close();
    }
  });
});
