import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A free loopback port, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listened on ${port} within ${timeoutMs} ms`);
}

/**
 * A FerretDB process of a test's own (SQLite backend), so the test can really kill and restart
 * the database under a running API without touching the suite's shared one.
 */
export class OwnFerretdb {
  private child: ChildProcess | undefined;
  constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly stateDir: string,
  ) {}

  async start(): Promise<void> {
    this.child = spawn(
      this.binary,
      [
        `--listen-addr=127.0.0.1:${this.port}`,
        '--handler=sqlite',
        `--sqlite-url=file:${this.stateDir}/`,
        `--state-dir=${this.stateDir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
