import { ferretdbBinary } from './stack/components/ferretdb.js';
import { stackConfig } from './stack/config.js';
import { reportFailure } from './stack/progress.js';
import { buildWorkspaces } from './stack/builds.js';
import { buildStackTools, startStack } from './stack/stack.js';
import path from 'node:path';

/**
 * `./dev stack`: only the test stack (FerretDB on PostgreSQL, HAPI FHIR, pcscd), for running
 * integration tests by hand. Prints the variables to export, runs until Ctrl-C. Ports and data
 * folder follow QN_TEST_* and QN_DATA_DIR, so several people (or agents) can each run their own.
 */
async function main(): Promise<void> {
  const config = stackConfig('test');
  await buildWorkspaces(path.join(config.dataDir, 'logs'), ['contracts', 'fhir-profiles']);
  await buildStackTools(config);
  const withCards = process.env.QN_STACK_PCSCD !== '0';
  const stack = await startStack(config, { pcscd: withCards });
  const exports = {
    QN_TEST_MONGODB_URI: stack.mongoUri,
    QN_TEST_HAPI_FHIR_URL: stack.hapiUrl,
    HAPI_FHIR_URL: stack.hapiUrl,
    QN_TEST_FERRETDB_BIN: ferretdbBinary(),
    QN_TEST_DATA_DIR: config.dataDir,
  };
  console.log('\nStack up. In another terminal:\n');
  for (const [name, value] of Object.entries(exports)) console.log(`export ${name}='${value}'`);
  console.log(
    '\nthen e.g. node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects ehr-api:int --runInBand\nCtrl-C stops the stack.',
  );
  const stop = (): void => void stack.stop().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch((error: unknown) => {
  reportFailure(error);
  process.exit(1);
});
