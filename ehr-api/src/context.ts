import type { Connection } from 'mongoose';
import {
  cardSunBaseUrl,
  parseDeviceCredentials,
  parseStationDisplayKeys,
  type Config,
} from './config.js';
import { MongoHandle } from './db/mongo.js';
import { admissionGate, type AdmissionGate } from './hardening/admission.js';
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
import { DirectoryCache } from './fhir/directory-cache.js';
import { FhirStore } from './fhir/fhir-store.js';
import { HealthMonitor } from './health/health-monitor.js';
import { createLogger, type Logger } from './logger.js';
import { authModels } from './auth/user-model.js';
import { UserService } from './auth/user-service.js';
import { TokenService } from './auth/tokens.js';
import { AuthService } from './auth/auth-service.js';
import { oidcModels, OidcSignIn } from './auth/oidc.js';
import { oidcOptionsFrom, resolveSigningKeys } from './auth/config.js';
import { rateLimitHitModel, type RateLimitHitModel } from './auth/rate-limit.js';
import { auditModels } from './audit/audit-model.js';
import { AuditLog } from './audit/audit-log.js';
import { AuditPublisher } from './audit/audit-publisher.js';
import { IdentityService } from './identity/identity-service.js';
import { IngestionService } from './ingestion/ingestion-service.js';
import { ingestionModels } from './ingestion/models.js';
import { AdapterRegistry } from './ingestion/adapters.js';
import { ConsentService } from './record/consent-service.js';
import { RecordService } from './record/record-service.js';
import { OperationsService } from './operations/operations-service.js';
import { ConsoleNotifier, Reminders, reminderModel } from './scheduling/reminders.js';
import { Waitlist } from './scheduling/waitlist.js';
import { SchedulingSweep } from './scheduling/sweep.js';

/** Everything one API instance holds: built once at start-up, handed to the routes. */
export interface AppContext {
  config: Config;
  logger: Logger;
  mongo: Connection;
  monitor: HealthMonitor;
  /** Bounds the requests worked on at once (hardening/admission.ts). */
  admission: AdmissionGate;
  fhirStore: FhirStore;
  /** The facade's directory answers, forgotten when this instance writes the directory. */
  directoryCache: DirectoryCache;
  registry: DeviceRegistry;
  directory: DirectoryService;
  scheduling: SchedulingService;
  outboxPublisher: OutboxPublisher;
  cards: CardService;
  kiosk: KioskService;
  displays: StationDisplays;
  users: UserService;
  auth: AuthService;
  oidc: OidcSignIn | undefined;
  rateLimitHits: RateLimitHitModel;
  audit: AuditLog;
  auditPublisher: AuditPublisher;
  identity: IdentityService;
  ingestion: IngestionService;
  adapters: AdapterRegistry;
  records: RecordService;
  /** Patients' decisions on sharing their record between the hospitals (FHIR Consent). */
  consent: ConsentService;
  reminders: Reminders;
  waitlist: Waitlist;
  schedulingSweep: SchedulingSweep;
  operations: OperationsService;
  version: string;
  startedAt: Date;
  close(): Promise<void>;
}

export const API_VERSION = '0.1.0';

export async function createContext(
  config: Config,
  logger: Logger = createLogger(config.QN_LOG_LEVEL),
): Promise<AppContext> {
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
    {
      intervalMs: config.QN_HEALTH_INTERVAL_MS,
      probeTimeoutMs: config.QN_HEALTH_PROBE_TIMEOUT_MS,
      logger,
    },
  );
  const fhirStore = new FhirStore(config.HAPI_FHIR_URL, {
    timeoutMs: config.QN_HAPI_TIMEOUT_MS,
    monitor,
  });
  const directoryCache = new DirectoryCache({ ttlMs: config.QN_FHIR_DIRECTORY_CACHE_MS });
  fhirStore.onWrite((types) => directoryCache.written(types));
  const registry = new DeviceRegistry(deviceModel(mongo), config.QN_AGENT_OFFLINE_AFTER_MS);
  const directory = new DirectoryService(fhirStore);
  const scheduleModels = schedulingModels(mongo);
  const scheduling = new SchedulingService(scheduleModels, {
    minNoticeMinutes: config.QN_BOOKING_MIN_NOTICE_MINUTES,
    horizonDays: config.QN_BOOKING_HORIZON_DAYS,
    holdMinutes: config.QN_HOLD_MINUTES,
    maxFutureBookings: config.QN_MAX_FUTURE_BOOKINGS,
  });
  const outboxPublisher = new OutboxPublisher(
    scheduleModels,
    fhirStore,
    (id) => scheduling.applyDecision(id),
    monitor,
    logger,
    { intervalMs: config.QN_OUTBOX_INTERVAL_MS, maxBackoffMs: config.QN_OUTBOX_MAX_BACKOFF_MS },
  );
  const cardKeys =
    config.QN_CARD_META_KEY && config.QN_CARD_MASTER_KEY
      ? new CardKeys(config.QN_CARD_META_KEY, config.QN_CARD_MASTER_KEY, config.QN_CARD_KEY_VERSION)
      : undefined;
  if (!cardKeys)
    logger.warn('QN_CARD_META_KEY / QN_CARD_MASTER_KEY are not set: card taps will be refused');
  const cards = new CardService(cardModel(mongo), cardKeys, {
    validityDays: config.QN_CARD_VALIDITY_DAYS,
    sunBaseUrl: cardSunBaseUrl(config),
  });
  const stationEvents = new StationEventHub(stationEventModel(mongo), {
    pollMs: config.QN_STATION_EVENTS_POLL_MS,
    logger,
  });
  const kiosk = new KioskService(
    kioskSessionModel(mongo),
    cards,
    fhirStore,
    stationEvents,
    logger,
    { idleMs: config.QN_KIOSK_IDLE_MS, maxSessionMs: config.QN_KIOSK_SESSION_MAX_MS },
  );
  kiosk.onSessionEnded(async ({ stationId, patientId }) => {
    await scheduling.releaseHoldsOf({ kind: 'kiosk', id: stationId }, patientId);
  });
  const displays = new StationDisplays(deviceModel(mongo));
  const accessModels = authModels(mongo);
  const users = new UserService(accessModels);
  const signing = resolveSigningKeys(config.QN_AUTH_JWT_KEYS, config.NODE_ENV);
  if (signing.ephemeral)
    logger.warn(
      'QN_AUTH_JWT_KEYS is not set: staff tokens are signed with a random key of this process, so they end when it restarts and other instances refuse them',
    );
  const tokens = new TokenService({
    keys: signing.keys,
    issuer: config.QN_AUTH_ISSUER,
    audience: config.QN_AUTH_AUDIENCE,
    ttlMs: config.QN_AUTH_TOKEN_TTL_MS,
  });
  const auth = new AuthService(users, accessModels, tokens, {
    sessionMaxMs: config.QN_AUTH_SESSION_MAX_MS,
    lockout: {
      maxFailures: config.QN_AUTH_LOCKOUT_MAX_FAILURES,
      windowMs: config.QN_AUTH_LOCKOUT_WINDOW_MS,
    },
  });
  const oidcOptions = oidcOptionsFrom(config);
  const oidc = oidcOptions ? new OidcSignIn(auth, oidcModels(mongo), oidcOptions) : undefined;
  const rateLimitHits = rateLimitHitModel(mongo);
  const auditCollections = auditModels(mongo);
  const audit = new AuditLog(auditCollections);
  const auditPublisher = new AuditPublisher(auditCollections, fhirStore, monitor, logger, {
    intervalMs: config.QN_AUDIT_PUBLISH_INTERVAL_MS,
    maxBackoffMs: config.QN_AUDIT_MAX_BACKOFF_MS,
    observer: 'ehr-api',
    ...(config.QN_PUBLIC_URL ? { serverAddress: config.QN_PUBLIC_URL } : {}),
  });
  const identity = new IdentityService(mongo);
  const ingestion = new IngestionService(ingestionModels(mongo), fhirStore, identity, logger, {
    batchSize: config.QN_INGEST_BATCH_SIZE,
  });
  const adapters = new AdapterRegistry();
  const consent = new ConsentService(fhirStore);
  const records = new RecordService(fhirStore, consent);
  const operations = new OperationsService({ mongo, stations: registry });
  // The demo's channel is the log; an SMS or Zalo adapter implements NotificationAdapter in production.
  const reminders = new Reminders(
    scheduleModels,
    reminderModel(mongo),
    fhirStore,
    new ConsoleNotifier(logger),
    logger,
    { intervalMs: config.QN_REMINDER_INTERVAL_MS },
  );

  const waitlist = new Waitlist(
    scheduleModels,
    reminderModel(mongo),
    scheduling,
    { offerMinutes: config.QN_WAITLIST_OFFER_MINUTES },
    logger,
  );
  // A freed seat goes to the first waiting patient at once, before anyone else can book it.
  scheduling.onSeatFreed((serviceId) =>
    waitlist.offerRound(serviceId).then(
      () => undefined,
      (error: unknown) => logger.warn({ err: error, serviceId }, 'waitlist offer failed'),
    ),
  );
  const schedulingSweep = new SchedulingSweep(scheduleModels, scheduling, waitlist, logger, {
    intervalMs: config.QN_SCHEDULING_SWEEP_INTERVAL_MS,
  });

  await monitor.start();
  // Sends bookings' pending FHIR changes to HAPI in the background; stopped by close().
  outboxPublisher.start();
  const credentials = parseDeviceCredentials(config.QN_DEVICE_CREDENTIALS);
  if (credentials.length > 0) {
    if (monitor.isUp('mongodb')) await registry.register(credentials);
    else
      logger.warn(
        'MongoDB is down at start-up: device credentials were not registered; agents will be refused until it is back and the API restarts',
      );
  }
  const displayKeys = parseStationDisplayKeys(config.QN_STATION_DISPLAY_KEYS);
  if (monitor.isUp('mongodb')) {
    await kiosk
      .ready()
      .catch((error: unknown) => logger.warn({ err: error }, 'kiosk indexes not created'));
    await Promise.all([
      users.ready(),
      audit.ready(),
      rateLimitHits.createIndexes(),
      identity.ready(),
      ingestion.ready(),
    ]).catch((error: unknown) =>
      logger.warn({ err: error }, 'access, audit, identity or ingestion indexes not created'),
    );
    const unknown = await displays.register(displayKeys);
    if (unknown.length > 0)
      logger.warn(
        { stations: unknown },
        'QN_STATION_DISPLAY_KEYS names stations that are not in QN_DEVICE_CREDENTIALS',
      );
  }
  kiosk.start();
  auditPublisher.start();
  reminders.start();
  schedulingSweep.start();

  return {
    config,
    logger,
    mongo,
    monitor,
    admission: admissionGate({
      concurrency: config.QN_ADMISSION_CONCURRENCY,
      maxQueued: config.QN_ADMISSION_MAX_QUEUED,
      maxWaitMs: config.QN_ADMISSION_MAX_WAIT_MS,
    }),
    fhirStore,
    directoryCache,
    registry,
    directory,
    scheduling,
    outboxPublisher,
    cards,
    kiosk,
    displays,
    users,
    auth,
    oidc,
    rateLimitHits,
    audit,
    auditPublisher,
    identity,
    ingestion,
    adapters,
    records,
    consent,
    reminders,
    waitlist,
    schedulingSweep,
    operations,
    version: API_VERSION,
    startedAt: new Date(),
    async close() {
      monitor.stop();
      kiosk.stop();
      await outboxPublisher.stop();
      await auditPublisher.stop();
      await reminders.stop();
      await schedulingSweep.stop();
      await mongoHandle.close();
    },
  };
}
