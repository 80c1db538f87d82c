import mongoose, { type Connection } from 'mongoose';

/**
 * One connection per app instance (not mongoose's global), so tests can run several apps side by side.
 * Commands are not buffered while disconnected: a request fails fast with 503 instead of hanging.
 */
export async function connectMongo(uri: string, serverSelectionTimeoutMS: number): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    bufferCommands: false,
    serverSelectionTimeoutMS,
    // Majority-acknowledged, retryable writes where the server supports them (replica sets);
    // a standalone server or FerretDB acknowledges with what it has.
    writeConcern: { w: 'majority' },
    retryWrites: true,
    autoIndex: true,
  });
  // Start-up does not wait for the database: the API starts, reports MongoDB down on /health/ready,
  // and the driver keeps trying in the background until the server answers.
  connection.asPromise().catch(() => undefined);
  return connection;
}

export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) {
    throw new Error('not connected');
  }
  await db.admin().ping();
}
