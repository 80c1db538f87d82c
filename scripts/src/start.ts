import path from 'node:path';
import {
  kioskUrl,
  localSecrets,
  localSecretsFile,
  startAgent,
  startApi,
  systemApiEnv,
} from './stack/app-processes.js';
import { buildWorkspaces } from './stack/builds.js';
import { VPCD_READERS } from './stack/components/pcscd.js';
import { stackConfig } from './stack/config.js';
import { repoPath } from './stack/paths.js';
import { info, reportFailure, step, StepError } from './stack/progress.js';
import { run, type ManagedProcess } from './stack/processes.js';
import { buildStackTools, startStack, type RunningStack } from './stack/stack.js';

/** Where the demo's HL7 v2 listener takes Bệnh viện Đa khoa tỉnh's feed (2575 is MLLP's usual port). */
const DEMO_MLLP_PORT = 2575;

/**
 * `./dev start`: builds what is missing, starts the real stack, the API with the web app and a
 * card agent on the virtual reader, loads the demo data, prints where to go, and runs until Ctrl-C.
 */
async function main(): Promise<void> {
  const config = stackConfig('demo');
  const logDir = path.join(config.dataDir, 'logs');
  console.log(`Quang Ninh health system: starting the demo (data in ${config.dataDir})\n`);

  await buildWorkspaces(logDir);
  await buildStackTools(config);

  let stack: RunningStack | undefined;
  const apps: ManagedProcess[] = [];
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    for (const app of apps.reverse()) await app.stop();
    await stack?.stop();
    console.log('Stopped. Data is kept in', config.dataDir);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  try {
    let withCards = true;
    try {
      stack = await startStack(config, { pcscd: true });
    } catch (error) {
      if (!(error instanceof StepError) || !/pcscd|vpcd/.test(error.message)) throw error;
      // Cards are optional for the demo; everything else still runs.
      reportFailure(error);
      withCards = false;
      stack = await startStack(config, { pcscd: false });
    }
    const secrets = localSecrets(config.dataDir);
    const env = {
      ...systemApiEnv(config.apiPort, stack, secrets),
      // Bệnh viện Đa khoa tỉnh's HL7 v2 feed over MLLP, as its HIS would send it.
      QN_MLLP_LISTENERS: process.env.QN_MLLP_LISTENERS ?? `bvdk-tinh-quang-ninh:${DEMO_MLLP_PORT}`,
    };
    const api = await step(`ehr-api on 127.0.0.1:${config.apiPort}`, () =>
      startApi({ dataDir: config.dataDir, env, port: config.apiPort }),
    );
    apps.push(api.process);
    await step(
      "demo data: the three hospitals' directory, their exports loaded through the ingestion pipeline (about 1,300 records), demo cards and staff",
      async () => {
        const output = await run(
          process.execPath,
          [repoPath('ehr-api', 'dist', 'cli.js'), 'seed-demo'],
          { env, hint: `See ${logDir}/seed.log.`, logFile: path.join(logDir, 'seed.log') },
        );
        for (const line of output.trim().split('\n').slice(-20)) info(line);
      },
    );
    const [kiosk, desk] = secrets.stations;
    // One virtual reader each: the kiosk's card taps, and the reception desk's reader where new
    // cards are issued (personalised) — one agent on both would act on the desk's cards too.
    if (withCards && kiosk) {
      apps.push(
        await step(`card-reader agent for station ${kiosk.deviceId} (virtual reader 00)`, () =>
          Promise.resolve(
            startAgent({
              dataDir: config.dataDir,
              apiUrl: api.url,
              station: kiosk,
              reader: VPCD_READERS[0],
            }),
          ),
        ),
      );
    }
    if (withCards && desk) {
      apps.push(
        await step(`card-reader agent for station ${desk.deviceId} (virtual reader 01)`, () =>
          Promise.resolve(
            startAgent({
              dataDir: config.dataDir,
              apiUrl: api.url,
              station: desk,
              reader: VPCD_READERS[1],
            }),
          ),
        ),
      );
    }

    const web = api.url;
    console.log(`
The system is up. Open in a browser:
  Kiosk (patients)     ${kiosk ? kioskUrl(web, kiosk) : `${web}/vi/kiosk`}
                       (English: ${kiosk ? kioskUrl(web, kiosk, 'en') : `${web}/en/kiosk`})
  Reception            ${web}/vi/reception
  Doctor               ${web}/vi/doctor
  API                  ${web}/api/status   · OpenAPI ${web}/api/openapi.json
  FHIR facade          ${web}/fhir/Organization
  HAPI FHIR (direct)   ${stack.hapiUrl}
  MongoDB              ${stack.mongoUri}
${
  withCards
    ? `Tap a demo card on the virtual reader (another terminal):
  npm run card -- simulate tap --reader 0 --card lan --secrets ${localSecretsFile(config.dataDir)}
  (demo cards: lan, hung, mai, khoi, ngoc; Ctrl-C or 'simulate remove' takes the card off)
Issue a new card at reception ("Phát thẻ mới", station reception-01): put a blank card on the desk reader:
  npm run card -- simulate tap --reader 1 --blank
Station kiosk-02 has no reader and shows offline on the status page until something connects as it
  (scripts/schemathesis/run.sh does, for its kiosk sessions).
`
    : ''
}Staff sign-in (${web}/vi/sign-in): doctor.bvdk, doctor.sannhi, doctor.baichay, reception.bvdk, it.bvdk, admin …
  password for every demo account: ${secrets.staff.demoPassword}  (kept in ${localSecretsFile(config.dataDir)})
HL7 v2 over MLLP (Bệnh viện Đa khoa tỉnh's feed): 127.0.0.1:${DEMO_MLLP_PORT}
Load a hospital export yourself:
  npm run ingest -- --hospital bv-bai-chay --format csv --mapping ehr-api/src/ingestion/adapters/csv/mappings/bv-bai-chay.yaml ehr-api/demo-data/bv-bai-chay/luot-kham.csv
  (MONGODB_URI=${stack.mongoUri} HAPI_FHIR_URL=${stack.hapiUrl})
Logs: ${logDir}
Press Ctrl-C to stop everything.`);
    await new Promise(() => undefined);
  } catch (error) {
    reportFailure(error);
    await stopAll();
    process.exit(1);
  }
}

await main().catch((error: unknown) => {
  reportFailure(error);
  process.exit(1);
});
