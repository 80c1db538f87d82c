import mongoose, { type Connection, type ConnectOptions } from 'mongoose';

/**
 * The API's MongoDB connection. One per app instance (not mongoose's global), so tests can run
 * several apps side by side. Commands are not buffered while disconnected: a request fails fast
 * with 503 instead of hanging.
 */
export class MongoHandle {
  readonly connection: Connection;
  private everConnected = false;
  private opening: Promise<unknown> | undefined;
  private readonly options: ConnectOptions;

  constructor(
    private readonly uri: string,
    serverSelectionTimeoutMS: number,
  ) {
    this.options = {
      bufferCommands: false,
      serverSelectionTimeoutMS,
      // Majority-acknowledged, retryable writes where the server supports them (replica sets);
      // a standalone server or FerretDB acknowledges with what it has.
      writeConcern: { w: 'majority' },
      retryWrites: true,
      autoIndex: true,
    };
    this.connection = mongoose.createConnection();
    this.connection.on('connected', () => (this.everConnected = true));
  }

  /**
   * Opens the connection if it never opened. Once open, the driver's own monitoring reconnects
   * after an outage; but a first attempt that failed is not retried by mongoose, so we retry it.
   */
  open(): Promise<unknown> {
    if (this.everConnected) return Promise.resolve();
    this.opening ??= this.connection.openUri(this.uri, this.options).finally(() => (this.opening = undefined));
    return this.opening;
  }

  async ping(): Promise<void> {
    if (!this.everConnected) await this.open();
    const db = this.connection.db;
    if (!db || this.connection.readyState !== mongoose.ConnectionStates.connected) {
      throw new Error('not connected');
    }
    await db.admin().ping();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
