/**
 * Starts bench/api-process.ts as a child process (node with tsx's loader, the way the benchmark
 * itself runs) and talks to it over the IPC channel: ready, MongoDB command counts, CPU profiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ChildRequest =
  | { type: 'commands'; id: number }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string };

export type ChildReply =
  | { type: 'ready'; url: string }
  | { type: 'commands'; id: number; counts: Record<string, number>; ms: Record<string, number> }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; message: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface ApiChild {
  url: string;
  pid: number;
  /**
   * MongoDB commands the API sent so far, by `<command> <collection>`, and the milliseconds they
   * took from the API's side (round trip, queueing in the pool excluded); empty unless traced.
   */
  commands(): Promise<{ counts: Record<string, number>; ms: Record<string, number> }>;
  startProfile(): Promise<void>;
  /** Stops the running CPU profile and writes it (a .cpuprofile, for Chrome DevTools or profile-summary.ts). */
  stopProfile(file: string): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period; resolves once it exited. */
  stop(): Promise<void>;
}

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'api-process.ts');
const REPO = path.join(path.dirname(ENTRY), '..');

const running = new Set<ChildProcess>();
// If the benchmark dies, the API must not stay behind holding the database.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startApiChild(options: {
  /** The API's configuration, as its environment; nothing else of this process's environment is passed. */
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
}): Promise<ApiChild> {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // The same node and tsx loader as the benchmark (not the tsx CLI, which would add a process in
  // between), so the profile and /proc figures are the API's own.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      log.end();
      resolve(code);
    }),
  );

  let nextId = 1;
  const waiting = new Map<number, (reply: ChildReply) => void>();
  let ready: (url: string) => void = () => undefined;
  const readyUrl = new Promise<string>((resolve) => (ready = resolve));
  child.on('message', (reply: ChildReply) => {
    if (reply.type === 'ready') ready(reply.url);
    else waiting.get(reply.id)?.(reply);
  });
  const ask = (request: WithoutId<ChildRequest>): Promise<ChildReply> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.type === 'failed') reject(new Error(`ehr-api child: ${reply.message}`));
        else resolve(reply);
      });
      child.send({ ...request, id });
    });
  };

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const url = await Promise.race([
    readyUrl,
    exited.then((code) => {
      throw new Error(
        `the ehr-api child exited with ${code} before it was ready (log: ${options.logFile})`,
      );
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the ehr-api child was not ready within ${timeoutMs} ms (log: ${options.logFile})`,
            ),
          ),
        timeoutMs,
      );
    }),
  ])
    .catch(async (error: unknown) => {
      await stop();
      throw error;
    })
    .finally(() => clearTimeout(timer));

  return {
    url,
    pid: child.pid!,
    async commands() {
      const reply = await ask({ type: 'commands' });
      return reply.type === 'commands'
        ? { counts: reply.counts, ms: reply.ms }
        : { counts: {}, ms: {} };
    },
    async startProfile() {
      await ask({ type: 'profile-start' });
    },
    async stopProfile(file: string) {
      mkdirSync(path.dirname(file), { recursive: true });
      await ask({ type: 'profile-stop', file });
    },
    stop,
  };
}

/** Signs demo staff in to the benchmark's API; answers the Authorization header to send. */
export function staffSignIn(
  apiUrl: string,
  password: string,
): (username: string) => Promise<Record<string, string>> {
  return async (username) => {
    const response = await fetch(`${apiUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok)
      throw new Error(
        `sign-in as ${username} answered ${response.status}: ${await response.text()}`,
      );
    const { accessToken } = (await response.json()) as { accessToken: string };
    return { authorization: `Bearer ${accessToken}` };
  };
}
