import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StepError } from './progress.js';

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Stops the process group: SIGTERM, then SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the process exits, with its code. */
  exited: Promise<number | null>;
  isRunning(): boolean;
}

const running = new Set<ManagedProcess>();

// If the runner itself dies, take every process it started with it: nothing is left holding ports.
process.on('exit', () => {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
}): ManagedProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  log.write(
    `\n--- ${new Date().toISOString()} starting ${options.command} ${options.args.join(' ')}\n`,
  );
  // Own process group, so Ctrl-C reaches only the runner, which then stops children in order.
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let alive = true;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      alive = false;
      resolve(code);
    });
    child.once('error', (error) => {
      alive = false;
      log.write(`spawn failed: ${error.message}\n`);
      resolve(null);
    });
  });
  if (child.pid === undefined) {
    throw new StepError(
      `${options.name} could not be started (${options.command} not found)`,
      `Install ${options.command} or check PATH.`,
    );
  }
  const pid = child.pid;
  const managed: ManagedProcess = {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited,
    isRunning: () => alive,
    async stop(graceMs = 15_000) {
      if (!alive) return;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
      running.delete(managed);
    },
  };
  running.add(managed);
  void exited.then(() => {
    running.delete(managed);
    log.end();
  });
  return managed;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it resolves true, the process dies, or the time runs out. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; process?: ManagedProcess; hint: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.process && !options.process.isRunning()) {
      throw new StepError(
        `${what}: the process exited during start-up (log: ${options.process.logFile})`,
        options.hint,
      );
    }
    if (await check().catch(() => false)) return;
    await sleep(options.intervalMs ?? 500);
  }
  throw new StepError(
    `${what}: not ready within ${Math.round(options.timeoutMs / 1000)} s${options.process ? ` (log: ${options.process.logFile})` : ''}`,
    options.hint,
  );
}

export function portIsOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function assertPortFree(port: number, who: string, variable: string): Promise<void> {
  if (await portIsOpen(port)) {
    throw new StepError(
      `port ${port} (wanted by ${who}) is already in use`,
      `Stop whatever listens on ${port} (\`ss -ltnp 'sport = :${port}'\` shows it) or choose another port with ${variable}=<port>.`,
    );
  }
}

export async function httpOk(url: string, timeoutMs = 2000): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  return response.ok;
}

/** Runs a command to completion, capturing output; throws StepError with the tail of the output on failure. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; hint: string; logFile?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    if (options.logFile) mkdirSync(path.dirname(options.logFile), { recursive: true });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      log?.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) =>
      reject(new StepError(`${command} could not be run: ${error.message}`, options.hint)),
    );
    child.once('close', (code) => {
      log?.end();
      if (code === 0) resolve(output);
      else {
        const tail = output.trim().split('\n').slice(-25).join('\n');
        reject(
          new StepError(
            `${command} ${args.join(' ')} failed (exit ${code}):\n${tail}`,
            options.hint,
          ),
        );
      }
    });
  });
}
