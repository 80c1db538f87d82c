import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { buildSunUrl, cardFileReadKey, fromHex } from '@qn/card-crypto';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';

/**
 * The card lifecycle through the API as reception uses it: issue, replace (the old card stops at
 * once), revoke in one step; each with its status history, each refused to roles without it.
 */
const META_KEY = randomBytes(16).toString('hex').toUpperCase();
const MASTER_KEY = randomBytes(16).toString('hex').toUpperCase();
const PASSWORD = `the-${randomBytes(4).toString('hex')}-pw`;
const newUid = (): string => `04${randomBytes(6).toString('hex').toUpperCase()}`;

interface CardView {
  cardId: string;
  uid: string;
  status: string;
  statusHistory: Array<{ status: string; reason?: string }>;
}

describe('card lifecycle at reception', () => {
  let server: RunningServer;
  const headers: Record<string, Record<string, string>> = {};

  async function post(path: string, body: unknown, as = 'reception'): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...headers[as], 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A genuine tap of the chip with this UID, as the agent would send it. */
  function tap(uid: string, counter: number): { piccData: string; cmac: string } {
    const keys = {
      metaRead: fromHex(META_KEY),
      fileRead: cardFileReadKey(
        fromHex(MASTER_KEY),
        fromHex(uid),
        server.context.cards.keyVersion ?? 1,
      ),
    };
    return buildSunUrl({ baseUrl: 'https://the.qn.health/c', uid: fromHex(uid), counter, keys });
  }

  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('cards'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_CARD_META_KEY: META_KEY,
        QN_CARD_MASTER_KEY: MASTER_KEY,
        QN_LOG_LEVEL: 'silent',
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    for (const [as, username] of [
      ['reception', 'reception.sannhi'],
      ['doctor', 'doctor.sannhi'],
    ] as const) {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      headers[as] = {
        authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`,
      };
    }
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('issues a card, replaces it so the old one is refused at once, then revokes the new one in one step', async () => {
    const patientId = `it-card-${randomBytes(3).toString('hex')}`;
    const firstUid = newUid();
    const issued = await post('/api/cards', { patientId, uid: firstUid });
    expect(issued.status).toBe(201);
    const first = (await issued.json()) as CardView;
    expect(first).toMatchObject({ uid: firstUid, status: 'active' });
    await expect(server.context.cards.verifyTap(tap(firstUid, 1))).resolves.toMatchObject({
      uid: firstUid,
    });
    expect((await post('/api/cards', { patientId: 'someone-else', uid: firstUid })).status).toBe(
      409,
    );

    const secondUid = newUid();
    const replaced = await post(`/api/cards/${first.cardId}/replace`, {
      uid: secondUid,
      reason: 'thẻ bị gãy',
    });
    expect(replaced.status).toBe(201);
    const { old, card } = (await replaced.json()) as { old: CardView; card: CardView };
    expect(old.status).toBe('replaced');
    expect(card).toMatchObject({ uid: secondUid, status: 'active' });
    await expect(server.context.cards.verifyTap(tap(firstUid, 2))).rejects.toMatchObject({
      code: 'replaced',
    });
    await expect(server.context.cards.verifyTap(tap(secondUid, 1))).resolves.toMatchObject({
      uid: secondUid,
    });

    const revoked = await post(`/api/cards/${card.cardId}/revoke`, { reason: 'mất thẻ' });
    expect(((await revoked.json()) as CardView).status).toBe('revoked');
    await expect(server.context.cards.verifyTap(tap(secondUid, 2))).rejects.toMatchObject({
      code: 'revoked',
    });
    expect((await post(`/api/cards/${card.cardId}/revoke`, { reason: 'mất thẻ' })).status).toBe(
      409,
    );

    const list = (await (
      await fetch(`${server.url}/api/patients/${patientId}/cards`, { headers: headers.reception })
    ).json()) as CardView[];
    expect(list.map((c) => c.status).sort()).toEqual(['replaced', 'revoked']);
    expect(list.find((c) => c.status === 'revoked')?.statusHistory.map((h) => h.status)).toEqual([
      'active',
      'revoked',
    ]);
  });

  it('refuses a malformed UID with a message, and card work to a doctor', async () => {
    const bad = await post('/api/cards', { patientId: 'x', uid: '12:34' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/uid: the chip's 7-byte UID/);
    expect((await post('/api/cards', { patientId: 'x', uid: newUid() }, 'doctor')).status).toBe(
      403,
    );
  });
});
