import type { Connection } from 'mongoose';
import { parseDeviceCredentials, type Config } from './config.js';
import { MongoHandle } from './db/mongo.js';
import { deviceModel } from './agents/device-model.js';
import { DeviceRegistry } from './agents/device-registry.js';
import { DirectoryService } from './directory/directory-service.js';
import { FhirStore } from './fhir/fhir-store.js';
import { HealthMonitor } from './health/health-monitor.js';
import { createLogger, type Logger } from './logger.js';

/** Everything one API instance holds: built once at start-up, handed to the routes. */
export interface AppContext {
  config: Config;
  logger: Logger;
  mongo: Connection;
  monitor: HealthMonitor;
  fhirStore: FhirStore;
  registry: DeviceRegistry;
  directory: DirectoryService;
  version: string;
  startedAt: Date;
  close(): Promise<void>;
}

export const API_VERSION = '0.1.0';

export async function createContext(config: Config, logger: Logger = createLogger(config.QN_LOG_LEVEL)): Promise<AppContext> {
  const mongoHandle = new MongoHandle(config.MONGODB_URI, config.QN_MONGO_TIMEOUT_MS);
  const mongo = mongoHandle.connection;
  // Start-up does not wait on a database that is down: readiness reports it and probes retry.
  await mongoHandle.open().catch(() => undefined);
  const monitor: HealthMonitor = new HealthMonitor(
    [
      {
        name: 'mongodb',
        check: () => mongoHandle.ping(),
        whenDown: 'MongoDB is not reachable: start the database or check MONGODB_URI',
      },
      {
        name: 'hapi-fhir',
        check: (signal) => fhirStore.ping(signal),
        whenDown: 'HAPI FHIR is not reachable: start the FHIR server or check HAPI_FHIR_URL',
      },
    ],
    { intervalMs: config.QN_HEALTH_INTERVAL_MS, probeTimeoutMs: config.QN_HEALTH_PROBE_TIMEOUT_MS, logger },
  );
  const fhirStore = new FhirStore(config.HAPI_FHIR_URL, { timeoutMs: config.QN_HAPI_TIMEOUT_MS, monitor });
  const registry = new DeviceRegistry(deviceModel(mongo), config.QN_AGENT_OFFLINE_AFTER_MS);
  const directory = new DirectoryService(fhirStore);

  await monitor.start();
  const credentials = parseDeviceCredentials(config.QN_DEVICE_CREDENTIALS);
  if (credentials.length > 0) {
    if (monitor.isUp('mongodb')) await registry.register(credentials);
    else logger.warn('MongoDB is down at start-up: device credentials were not registered; agents will be refused until it is back and the API restarts');
  }

  return {
    config,
    logger,
    mongo,
    monitor,
    fhirStore,
    registry,
    directory,
    version: API_VERSION,
    startedAt: new Date(),
    async close() {
      monitor.stop();
      await mongoHandle.close();
    },
  };
}
