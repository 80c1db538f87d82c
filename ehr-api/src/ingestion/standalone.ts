import type { Config } from '../config.js';
import { MongoHandle } from '../db/mongo.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { IdentityService } from '../identity/identity-service.js';
import { createLogger } from '../logger.js';
import { AdapterRegistry } from './adapters.js';
import { IngestionService } from './ingestion-service.js';
import { ingestionModels } from './models.js';

/** Ingestion outside the API process (the CLI, the demo seed, benchmarks): the same services, on their own connections. */
export async function openIngestion(
  config: Config,
  options: { batchSize?: number } = {},
): Promise<{
  service: IngestionService;
  adapters: AdapterRegistry;
  identity: IdentityService;
  fhir: FhirStore;
  close(): Promise<void>;
}> {
  const mongo = new MongoHandle(config.MONGODB_URI, 10_000);
  await mongo.open();
  const fhir = new FhirStore(config.HAPI_FHIR_URL, {
    timeoutMs: Math.max(config.QN_HAPI_TIMEOUT_MS, 60_000),
  });
  const identity = new IdentityService(mongo.connection);
  const service = new IngestionService(
    ingestionModels(mongo.connection),
    fhir,
    identity,
    createLogger('warn'),
    { batchSize: options.batchSize ?? config.QN_INGEST_BATCH_SIZE },
  );
  await Promise.all([identity.ready(), service.ready()]);
  return { service, adapters: new AdapterRegistry(), identity, fhir, close: () => mongo.close() };
}
