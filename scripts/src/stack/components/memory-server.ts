import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoMemoryServer } from 'mongodb-memory-server-core';
import { StepError } from '../progress.js';
import type { ManagedProcess } from '../processes.js';

/**
 * A real `mongod` from mongodb-memory-server, for machines that can download MongoDB's binaries
 * (QN_MONGO_PROVIDER=memory-server). This machine's network cannot, hence FerretDB by default.
 */
export async function startMemoryServer(options: {
  dataDir: string;
  port: number;
}): Promise<{ process: ManagedProcess; uri: string }> {
  const dbPath = path.join(options.dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  let server: MongoMemoryServer;
  try {
    server = await MongoMemoryServer.create({
      instance: { port: options.port, ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger' },
    });
  } catch (error) {
    throw new StepError(
      `mongodb-memory-server could not start mongod: ${error instanceof Error ? error.message : String(error)}`,
      'This needs to download MongoDB once; without internet use the default FerretDB (unset QN_MONGO_PROVIDER) or set MONGODB_URI.',
    );
  }
  let running = true;
  const handle: ManagedProcess = {
    name: 'mongod',
    pid: server.instanceInfo?.instance.mongodProcess?.pid ?? 0,
    logFile: '(mongodb-memory-server)',
    exited: new Promise(() => undefined),
    isRunning: () => running,
    async stop() {
      running = false;
      await server.stop({ doCleanup: false });
    },
  };
  return { process: handle, uri: `${server.getUri()}quangninh` };
}
