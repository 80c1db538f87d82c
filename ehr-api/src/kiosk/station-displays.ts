import { createHash, timingSafeEqual } from 'node:crypto';
import type { StationDisplayKey } from '../config.js';
import type { DeviceModel } from '../agents/device-model.js';

/** The display key is random and long, so a plain SHA-256 is enough (no password stretching needed). */
function hashDisplayKey(displayKey: string): string {
  return createHash('sha256').update(displayKey, 'utf8').digest('hex');
}

/**
 * Kiosk browser identity for this slice: each station has a display key, stored hashed with its
 * device, that the kiosk page presents (`?key=`) to receive that station's events.
 */
export class StationDisplays {
  constructor(private readonly devices: DeviceModel) {}

  /** Stores the configured display keys (hashed) on their devices; unknown devices are skipped. */
  async register(keys: StationDisplayKey[]): Promise<string[]> {
    const unknown: string[] = [];
    for (const { deviceId, displayKey } of keys) {
      const result = await this.devices.updateOne({ deviceId }, { $set: { displayKeyHash: hashDisplayKey(displayKey) } });
      if (result.matchedCount === 0) unknown.push(deviceId);
    }
    return unknown;
  }

  /** Whether `displayKey` is the station's; false for an unknown station or one without a key alike. */
  async check(stationId: string, displayKey: string): Promise<boolean> {
    const device = await this.devices.findOne({ deviceId: stationId }, { displayKeyHash: 1 }).lean();
    const given = Buffer.from(hashDisplayKey(displayKey), 'hex');
    const stored = Buffer.from(device?.displayKeyHash ?? '00'.repeat(32), 'hex');
    return stored.length === given.length && timingSafeEqual(stored, given) && device?.displayKeyHash !== undefined;
  }
}
