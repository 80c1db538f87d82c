import { Schema, type Connection, type Model } from 'mongoose';

export interface DeviceDocument {
  deviceId: string;
  /** bcrypt hash of the device secret; the secret itself is never stored. */
  secretHash: string;
  readers: string[];
  connectedAt?: Date;
  disconnectedAt?: Date;
  lastSeenAt?: Date;
  lastCardEventAt?: Date;
  agentVersion?: string;
  /** SHA-256 (hex) of the station's kiosk display key; the kiosk page proves it to receive station events. */
  displayKeyHash?: string;
}

const deviceSchema = new Schema<DeviceDocument>(
  {
    deviceId: { type: String, required: true, unique: true },
    secretHash: { type: String, required: true },
    readers: { type: [String], default: [] },
    connectedAt: Date,
    disconnectedAt: Date,
    lastSeenAt: Date,
    lastCardEventAt: Date,
    agentVersion: String,
    displayKeyHash: String,
  },
  { collection: 'devices', timestamps: true },
);

export type DeviceModel = Model<DeviceDocument>;

export function deviceModel(connection: Connection): DeviceModel {
  return (
    (connection.models.Device as DeviceModel | undefined) ??
    connection.model<DeviceDocument>('Device', deviceSchema)
  );
}
