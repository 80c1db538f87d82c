import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { agentDownMessageSchema, agentUpMessageSchema } from './agent-messages.js';

/**
 * The agent-message schemas are what both ends run on every WebSocket frame (the API on what a
 * kiosk sends up, the agent on what the API sends down): whatever JSON arrives, they must answer
 * with a parsed message or issues naming the path, never throw, and never take long.
 */
const upper = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: length, maxLength: length });
const instant = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2040-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
const reader = fc.string({ minLength: 1, maxLength: 60 });

/** Up messages as a well-behaved agent sends them. */
const validUp = fc.oneof(
  fc.record({
    type: fc.constant('hello'),
    agentVersion: fc.string({ maxLength: 20 }),
    readers: fc.array(reader, { maxLength: 4 }),
    sentAt: instant,
  }),
  fc.record({
    type: fc.constantFrom('reader.attached', 'reader.detached'),
    reader,
    sentAt: instant,
  }),
  fc.record(
    {
      type: fc.constant('card.tapped'),
      reader,
      kind: fc.constantFrom('TAG_ISO_14443_3', 'TAG_ISO_14443_4', 'unknown'),
      atr: upper(12),
      uid: upper(14),
      sun: fc.record({ url: fc.webUrl(), piccData: upper(32), cmac: upper(16) }),
      tappedAt: instant,
      sentAt: instant,
    },
    { requiredKeys: ['type', 'reader', 'kind', 'atr', 'tappedAt', 'sentAt'] },
  ),
  fc.record({ type: fc.constant('card.removed'), reader, sentAt: instant }),
  fc.record({
    type: fc.constant('card.error'),
    reader,
    code: fc.constantFrom('unsupported_card', 'read_failed', 'timeout'),
    message: fc.string({ maxLength: 200 }),
    sentAt: instant,
  }),
  fc.record({
    type: fc.constant('heartbeat'),
    readers: fc.array(reader, { maxLength: 4 }),
    sentAt: instant,
  }),
);

/** Down messages as the API sends them. */
const validDown = fc.oneof(
  fc.record({
    type: fc.constant('welcome'),
    deviceId: fc.string({ maxLength: 40 }),
    serverTime: instant,
  }),
  fc.record({ type: fc.constant('rejected'), reason: fc.string({ maxLength: 200 }) }),
);

/** A value with one of its fields replaced, removed, or a field added. */
function damaged(message: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(message);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }))
      .map(([key, value]) => ({ ...message, [key]: value })),
    fc
      .constantFrom(...keys)
      .map((key) => Object.fromEntries(Object.entries(message).filter(([k]) => k !== key))),
    fc
      .tuple(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, value]) => ({ ...message, [key]: value })),
    fc
      .constantFrom('__proto__', 'constructor', 'prototype')
      .map(
        (key) =>
          JSON.parse(
            `{${JSON.stringify(key)}:{"polluted":true},${JSON.stringify(message).slice(1)}`,
          ) as Record<string, unknown>,
      ),
  );
}

/** safeParse must not throw, and its failure must name a path and a message for each issue. */
function answered(
  schema: typeof agentUpMessageSchema | typeof agentDownMessageSchema,
  value: unknown,
): boolean {
  const started = performance.now();
  const result = schema.safeParse(value);
  expect(performance.now() - started).toBeLessThan(100);
  if (!result.success) {
    for (const issue of result.error.issues) {
      expect(Array.isArray(issue.path)).toBe(true);
      expect(typeof issue.message).toBe('string');
    }
  }
  return result.success;
}

describe('agent message schemas under arbitrary input', () => {
  it('answer any JSON value with a message or issues, up and down', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        answered(agentUpMessageSchema, value);
        answered(agentDownMessageSchema, value);
      }),
      { numRuns: 1000 },
    );
  });

  it('answer any frame text the way both ends read it (JSON.parse, then the schema)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 4 })), (text) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return; // both ends answer a frame that is not JSON before the schema sees it
        }
        answered(agentUpMessageSchema, value);
        answered(agentDownMessageSchema, value);
      }),
      { numRuns: 1000 },
    );
  });

  it('accept every well-formed message unchanged, and it survives JSON on the wire', () => {
    fc.assert(
      fc.property(validUp, (message) => {
        const wire = JSON.parse(JSON.stringify(message)) as unknown;
        expect(agentUpMessageSchema.parse(wire)).toEqual(message);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(validDown, (message) => {
        expect(agentDownMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
      }),
      { numRuns: 300 },
    );
  });

  it('answer well-formed messages with a field replaced, removed or added, and never carry a prototype key through', () => {
    fc.assert(
      fc.property(validUp.chain(damaged), (value) => {
        const result = agentUpMessageSchema.safeParse(value);
        answered(agentUpMessageSchema, value);
        if (result.success) {
          expect(Object.keys(result.data)).not.toContain('__proto__');
          expect(result.data.type).toBe(value.type);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('answer fields nested thousands deep at once, without running out of stack', () => {
    fc.assert(
      fc.property(validUp, fc.integer({ min: 1000, max: 20_000 }), (message, depth) => {
        const deep = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
        for (const key of Object.keys(message)) {
          expect(answered(agentUpMessageSchema, { ...message, [key]: deep })).toBe(false);
        }
      }),
      { numRuns: 50 },
    );
  });
});
