import type { Connection } from 'mongoose';
import { parseDeviceCredentials, parseStationDisplayKeys, type Config } from './config.js';
import { MongoHandle } from './db/mongo.js';
import { deviceModel } from './agents/device-model.js';
import { DeviceRegistry } from './agents/device-registry.js';
import { DirectoryService } from './directory/directory-service.js';
import { CardKeys } from './cards/card-keys.js';
import { cardModel } from './cards/card-model.js';
import { CardService } from './cards/card-service.js';
import { KioskService } from './kiosk/kiosk-service.js';
import { kioskSessionModel } from './kiosk/session-model.js';
import { StationDisplays } from './kiosk/station-displays.js';
import { StationEventHub, stationEventModel } from './kiosk/station-events.js';
import { OutboxPublisher } from './scheduling/fhir-publisher.js';
import { schedulingModels } from './scheduling/models.js';
import { SchedulingService } from './scheduling/scheduling-service.js';
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
  scheduling: SchedulingService;
  outboxPublisher: OutboxPublisher;
  cards: CardService;
  kiosk: KioskService;
  displays: StationDisplays;
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
  const scheduleModels = schedulingModels(mongo);
  const scheduling = new SchedulingService(scheduleModels, { minNoticeMinutes: config.QN_BOOKING_MIN_NOTICE_MINUTES, horizonDays: config.QN_BOOKING_HORIZON_DAYS });
  const outboxPublisher = new OutboxPublisher(scheduleModels, fhirStore, (id) => scheduling.applyCancellation(id), monitor, logger, { intervalMs: config.QN_OUTBOX_INTERVAL_MS, maxBackoffMs: config.QN_OUTBOX_MAX_BACKOFF_MS });
  const cardKeys = config.QN_CARD_META_KEY && config.QN_CARD_MASTER_KEY ? new CardKeys(config.QN_CARD_META_KEY, config.QN_CARD_MASTER_KEY, config.QN_CARD_KEY_VERSION) : undefined;
  if (!cardKeys) logger.warn('QN_CARD_META_KEY / QN_CARD_MASTER_KEY are not set: card taps will be refused');
  const cards = new CardService(cardModel(mongo), cardKeys, { validityDays: config.QN_CARD_VALIDITY_DAYS });
  const stationEvents = new StationEventHub(stationEventModel(mongo), { pollMs: config.QN_STATION_EVENTS_POLL_MS, logger });
  const kiosk = new KioskService(kioskSessionModel(mongo), cards, fhirStore, stationEvents, logger, { idleMs: config.QN_KIOSK_IDLE_MS, maxSessionMs: config.QN_KIOSK_SESSION_MAX_MS });
  const displays = new StationDisplays(deviceModel(mongo));

  await monitor.start();
  // Sends bookings' pending FHIR changes to HAPI in the background; stopped by close().
  outboxPublisher.start();
  const credentials = parseDeviceCredentials(config.QN_DEVICE_CREDENTIALS);
  if (credentials.length > 0) {
    if (monitor.isUp('mongodb')) await registry.register(credentials);
    else logger.warn('MongoDB is down at start-up: device credentials were not registered; agents will be refused until it is back and the API restarts');
  }
  const displayKeys = parseStationDisplayKeys(config.QN_STATION_DISPLAY_KEYS);
  if (monitor.isUp('mongodb')) {
    await kiosk.ready().catch((error: unknown) => logger.warn({ err: error }, 'kiosk indexes not created'));
    const unknown = await displays.register(displayKeys);
    if (unknown.length > 0) logger.warn({ stations: unknown }, 'QN_STATION_DISPLAY_KEYS names stations that are not in QN_DEVICE_CREDENTIALS');
  }
  kiosk.start();

  return {
    config,
    logger,
    mongo,
    monitor,
    fhirStore,
    registry,
    directory,
    scheduling,
    outboxPublisher,
    cards,
    kiosk,
    displays,
    version: API_VERSION,
    startedAt: new Date(),
    async close() {
      monitor.stop();
      kiosk.stop();
      await outboxPublisher.stop();
      await mongoHandle.close();
    },
  };
}
