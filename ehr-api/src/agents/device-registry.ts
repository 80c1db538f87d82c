import bcrypt from 'bcryptjs';
import type { AgentPresence } from '@qn/contracts';
import type { DeviceCredential } from '../config.js';
import type { DeviceModel } from './device-model.js';

const BCRYPT_COST = 10;

/** Registered card-reader devices: their credentials and where each last stood. */
export class DeviceRegistry {
  constructor(
    private readonly devices: DeviceModel,
    private readonly offlineAfterMs: number,
  ) {}

  /** Makes the database hold exactly the configured secrets for these devices (hashed). */
  async register(credentials: DeviceCredential[]): Promise<void> {
    for (const { deviceId, secret } of credentials) {
      const existing = await this.devices.findOne({ deviceId }, { secretHash: 1 }).lean();
      if (existing && (await bcrypt.compare(secret, existing.secretHash))) continue;
      const secretHash = await bcrypt.hash(secret, BCRYPT_COST);
      await this.devices.updateOne(
        { deviceId },
        { $set: { secretHash }, $setOnInsert: { readers: [] } },
        { upsert: true },
      );
    }
  }

  /** The device id when the secret matches; undefined otherwise (unknown device or wrong secret alike). */
  async authenticate(deviceId: string, secret: string): Promise<string | undefined> {
    const device = await this.devices.findOne({ deviceId }, { secretHash: 1 }).lean();
    if (!device) {
      // Same work as a real comparison, so timing does not tell which device ids exist.
      await bcrypt.compare(secret, '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva');
      return undefined;
    }
    return (await bcrypt.compare(secret, device.secretHash)) ? deviceId : undefined;
  }

  async connected(deviceId: string, now: Date): Promise<void> {
    await this.devices.updateOne(
      { deviceId },
      { $set: { connectedAt: now, lastSeenAt: now }, $unset: { disconnectedAt: 1 } },
    );
  }

  /**
   * Any message is proof the station is connected now: it clears a `disconnectedAt` that the close of
   * an earlier socket may have written after this one opened, so presence heals by the next heartbeat.
   */
  async seen(
    deviceId: string,
    now: Date,
    update: { readers?: string[]; agentVersion?: string; cardEvent?: boolean } = {},
  ): Promise<void> {
    await this.devices.updateOne(
      { deviceId },
      {
        $unset: { disconnectedAt: 1 },
        $set: {
          lastSeenAt: now,
          ...(update.readers ? { readers: update.readers } : {}),
          ...(update.agentVersion ? { agentVersion: update.agentVersion } : {}),
          ...(update.cardEvent ? { lastCardEventAt: now } : {}),
        },
      },
    );
  }

  async readerChanged(
    deviceId: string,
    reader: string,
    attached: boolean,
    now: Date,
  ): Promise<void> {
    await this.devices.updateOne(
      { deviceId },
      attached
        ? { $addToSet: { readers: reader }, $set: { lastSeenAt: now } }
        : { $pull: { readers: reader }, $set: { lastSeenAt: now } },
    );
  }

  async disconnected(deviceId: string, now: Date): Promise<void> {
    await this.devices.updateOne({ deviceId }, { $set: { disconnectedAt: now } });
  }

  async presence(now: Date): Promise<AgentPresence[]> {
    const devices = await this.devices.find({}, { secretHash: 0 }).sort({ deviceId: 1 }).lean();
    return devices.map((device) => {
      const lastSeen = device.lastSeenAt?.getTime() ?? 0;
      const online =
        device.disconnectedAt === undefined &&
        lastSeen > 0 &&
        now.getTime() - lastSeen < this.offlineAfterMs;
      return {
        deviceId: device.deviceId,
        online,
        ...(device.lastSeenAt ? { lastSeenAt: device.lastSeenAt.toISOString() } : {}),
        readers: online ? (device.readers ?? []) : [],
        ...(device.lastCardEventAt
          ? { lastCardEventAt: device.lastCardEventAt.toISOString() }
          : {}),
      };
    });
  }
}
