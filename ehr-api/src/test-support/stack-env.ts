import { randomBytes } from 'node:crypto';

/**
 * Where the running test stack is, as `./dev test` tells the integration tests. Missing values
 * fail the test loudly: these tests never skip themselves.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: integration tests need the running stack. Run them through \`./dev test\`, which starts it and sets ${name}.`,
    );
  }
  return value;
}

/** The test MongoDB's URI with a database of this test file's own, so files cannot see each other's data. */
export function isolatedMongoUri(label: string): string {
  const base = new URL(requiredEnv('QN_TEST_MONGODB_URI'));
  base.pathname = `/it_${label}_${randomBytes(4).toString('hex')}`;
  return base.toString();
}

export function testHapiUrl(): string {
  return requiredEnv('QN_TEST_HAPI_FHIR_URL');
}
