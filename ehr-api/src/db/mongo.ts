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
  /**
   * A one-connection client of its own for the readiness probe. On the shared pool the probe's
   * ping queued behind every request's commands, timed out under load and made the API refuse
   * bookings with 503 while the database was merely busy (booking benchmark, 200 kiosks).
   */
  private probe: Connection | undefined;

  constructor(
    private readonly uri: string,
    private readonly serverSelectionTimeoutMS: number,
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
    this.opening ??= this.connection
      .openUri(this.uri, this.options)
      .finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** Resolves when the server answers a ping on the probe's own connection. */
  async ping(): Promise<void> {
    if (!this.everConnected) await this.open();
    this.probe ??= mongoose.createConnection(this.uri, {
      bufferCommands: false,
      maxPoolSize: 1,
      minPoolSize: 0,
      serverSelectionTimeoutMS: this.serverSelectionTimeoutMS,
    });
    try {
      await this.probe.asPromise();
    } catch (error) {
      // A first connection that failed is never retried by mongoose: start afresh next time.
      const failed = this.probe;
      this.probe = undefined;
      await failed.close().catch(() => undefined);
      throw error;
    }
    const db = this.probe.db;
    if (!db || this.probe.readyState !== mongoose.ConnectionStates.connected) {
      throw new Error('not connected');
    }
    await db.admin().ping();
  }

  async close(): Promise<void> {
    await Promise.all([this.connection.close(), this.probe?.close()]);
  }
}
