import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { buildSunUrl, cardFileReadKey, fromHex } from '@qn/card-crypto';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';

const META_KEY = randomBytes(16).toString('hex').toUpperCase();
const MASTER_KEY = randomBytes(16).toString('hex').toUpperCase();

describe('card taps against the real MongoDB-wire server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('replay'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_CARD_META_KEY: META_KEY,
        QN_CARD_MASTER_KEY: MASTER_KEY,
        QN_LOG_LEVEL: 'silent',
      }),
    );
  });
  afterAll(async () => {
    await server.context.mongo.dropDatabase().catch(() => undefined);
    await server.stop();
  });

  it('accepts exactly one of fifty copies of the same SUN message sent at the same moment', async () => {
    const uid = `04${randomBytes(6).toString('hex').toUpperCase()}`;
    await server.context.cards.issue({ patientId: 'replay-test-patient', uid });
    const keys = {
      metaRead: fromHex(META_KEY),
      fileRead: cardFileReadKey(
        fromHex(MASTER_KEY),
        fromHex(uid),
        server.context.cards.keyVersion ?? 1,
      ),
    };
    const fields = buildSunUrl({
      baseUrl: 'https://the.qn.health/c',
      uid: fromHex(uid),
      counter: 7,
      keys,
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => server.context.cards.verifyTap(fields)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const reasons = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [(o.reason as { code?: string }).code] : [],
    );
    expect(reasons).toEqual(Array.from({ length: 49 }, () => 'replayed'));

    // The next genuine tap still works.
    const next = buildSunUrl({
      baseUrl: 'https://the.qn.health/c',
      uid: fromHex(uid),
      counter: 8,
      keys,
    });
    await expect(server.context.cards.verifyTap(next)).resolves.toMatchObject({
      uid,
      lastCounter: 8,
    });
  });
});
