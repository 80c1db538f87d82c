import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentUpMessage } from '@qn/contracts';
import { tapCard, type PresentCard } from '../emulator/tap-card.js';
import { FakeApi, freePort } from '../test-support/fake-api.js';

/**
 * pcscd restarted 100 times under a running card-reader agent (issue 9), half of them killed
 * outright, each time with a card on the reader: the agent (its build, in a process of its own)
 * stays up, says the card left every time pcscd goes, so no screen keeps a patient signed in, and
 * reads the next tap after pcscd is back.
 *
 * The suite's own pcscd must keep running for the other tests, and pcscd's pid file and socket are
 * fixed paths (/run/pcscd). So this test starts a pcscd of its own in a mount namespace of its own
 * (`unshare -m`, a temporary folder mounted over /run/pcscd), reading a reader.conf.d of its own:
 * one vpcd on port 30963, below Linux's ephemeral port range, so a busy machine's outgoing
 * connections never hold the port pcscd must listen on again. The agent finds that pcscd through
 * PCSCLITE_CSOCK_NAME, which libpcsclite reads. Needs root, as pcscd itself does.
 */
const RESTARTS = 100;
const VPCD_PORT = 30963;
const READER = 'Restart PCD 00 00';
const here = path.dirname(fileURLToPath(import.meta.url));
const AGENT_CLI = path.resolve(here, '..', '..', 'dist', 'cli.js');

describe('the agent while pcscd is restarted under it', () => {
  let folder: string;
  let socket: string;
  let pcscd: ChildProcess | undefined;
  let agent: ChildProcess | undefined;
  let api: FakeApi;
  let agentLog = '';

  function listening(): boolean {
    return (
      execFileSync('ss', ['-ltnH', `sport = :${VPCD_PORT}`], { encoding: 'utf8' }).trim().length > 0
    );
  }

  async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${agentLog}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function startPcscd(): Promise<void> {
    rmSync(path.join(folder, 'run'), { recursive: true, force: true });
    mkdirSync(path.join(folder, 'run'));
    const child = spawn(
      'unshare',
      [
        '--mount',
        'sh',
        '-c',
        'mount --bind "$1" /run/pcscd && exec pcscd --foreground --config "$2"',
        'sh',
        path.join(folder, 'run'),
        path.join(folder, 'reader.conf.d'),
      ],
      { stdio: 'ignore' },
    );
    pcscd = child;
    await until('the private pcscd', () => existsSync(socket) && listening());
  }

  async function stopPcscd(signal: NodeJS.Signals): Promise<void> {
    const child = pcscd;
    pcscd = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    await until('vpcd to let go of its port', () => !listening());
  }

  /** CPU time the agent's process has used (user + system), from /proc. */
  function agentCpuSeconds(): number {
    const fields = readFileSync(`/proc/${agent!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  const count = (type: AgentUpMessage['type']): number =>
    api.received.filter((m) => m.type === type && 'reader' in m && m.reader === READER).length;

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('this test starts pcscd in a mount namespace of its own: run it as root');
    if (!existsSync(AGENT_CLI))
      throw new Error(`${AGENT_CLI} is missing: run \`npm run build -w card-reader-agent\` first`);
    folder = mkdtempSync(path.join(os.tmpdir(), 'qn-pcscd-restart-'));
    socket = path.join(folder, 'run', 'pcscd.comm');
    mkdirSync(path.join(folder, 'reader.conf.d'));
    writeFileSync(
      path.join(folder, 'reader.conf.d', 'vpcd'),
      [
        'FRIENDLYNAME "Restart PCD"',
        `DEVICENAME   /dev/null:0x${VPCD_PORT.toString(16).toUpperCase()}`,
        'LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so',
        `CHANNELID    0x${VPCD_PORT.toString(16).toUpperCase()}`,
        '',
      ].join('\n'),
    );
    await startPcscd();
    api = new FakeApi(await freePort());
    await api.start();
    agent = spawn(process.execPath, [AGENT_CLI, 'start'], {
      env: {
        PATH: process.env.PATH,
        QN_API_URL: `http://127.0.0.1:${api.port}`,
        QN_DEVICE_ID: 'kiosk-test',
        QN_DEVICE_SECRET: 'secret-1',
        QN_READERS: READER,
        QN_LOG_LEVEL: 'warn',
        PCSCLITE_CSOCK_NAME: socket,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      agentLog = (agentLog + chunk.toString('utf8')).slice(-4000);
    };
    agent.stdout?.on('data', keep);
    agent.stderr?.on('data', keep);
    // Readers attached before the socket opened are listed in the hello, not sent one by one.
    await until(
      'the agent to report the reader',
      () =>
        count('reader.attached') >= 1 ||
        api.received.some((m) => m.type === 'hello' && m.readers.includes(READER)),
    );
  }, 60_000);

  afterAll(async () => {
    // An agent that does not stop in time (as it did when a PC/SC context froze it) is killed, so
    // no spinning process outlives the test.
    if (agent && agent.exitCode === null && agent.signalCode === null) {
      const exited = new Promise((resolve) => agent!.once('exit', resolve));
      agent.kill('SIGTERM');
      const timer = setTimeout(() => agent?.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await stopPcscd('SIGTERM').catch(() => undefined);
    await api?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it(
    `stays up through ${RESTARTS} pcscd restarts with a card on the reader, says the card left each time, and reads the next tap`,
    async () => {
      let card: PresentCard | undefined;
      for (let restart = 1; restart <= RESTARTS; restart++) {
        const tapped = count('card.tapped');
        const removed = count('card.removed');
        card = await tapCard({ reader: 0, basePort: VPCD_PORT, counter: restart });
        await until(`tap ${restart} to reach the API`, () => count('card.tapped') === tapped + 1);
        const last = api.received.filter((m) => m.type === 'card.tapped').at(-1);
        expect(last).toMatchObject({ reader: READER, sun: expect.any(Object) });

        // pcscd goes away with the card still on the reader: terminated, or killed outright.
        await stopPcscd(restart % 2 === 0 ? 'SIGKILL' : 'SIGTERM');
        await until(
          `card.removed after restart ${restart}`,
          () => count('card.removed') >= removed + 1,
        ).catch((error: unknown) => {
          throw new Error(`${String(error)}\n${JSON.stringify(api.received.map((m) => m.type))}`);
        });
        await card.remove().catch(() => undefined);
        expect(agent?.exitCode).toBeNull();

        const attached = count('reader.attached');
        await startPcscd();
        // The agent opens a new PC/SC context by itself (after 0.5 s, doubling while pcscd stays away).
        await until(
          `the reader back after restart ${restart}`,
          () => count('reader.attached') > attached,
          20_000,
        );
      }
      // The last tap after the last restart is read like the first.
      const tapped = count('card.tapped');
      card = await tapCard({ reader: 0, basePort: VPCD_PORT, counter: RESTARTS + 1 });
      await until('the tap after the last restart', () => count('card.tapped') === tapped + 1);
      await card.remove();
      await until('the last card.removed', () => count('card.removed') === RESTARTS + 1);
      expect(agent?.exitCode).toBeNull();
      // Every tap was followed by its removal before the next: never two identities at once.
      const order = api.received
        .filter((m) => m.type === 'card.tapped' || m.type === 'card.removed')
        .map((m) => (m.type === 'card.tapped' ? 'T' : 'R'))
        .join('');
      expect(order).toBe('TR'.repeat(RESTARTS + 1));
    },
    15 * 60_000,
  );

  it('stays responsive while pcscd stays away for seconds, takes the reader back when it returns, and stops on SIGTERM meanwhile', async () => {
    // Away longer than the first pauses between attempts: each attempt must find pcscd missing
    // without freezing (its PC/SC library would spin on the main thread until pcscd returned).
    await stopPcscd('SIGKILL');
    const attached = count('reader.attached');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const cpuBefore = agentCpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(agentCpuSeconds() - cpuBefore).toBeLessThan(0.5);
    await startPcscd();
    await until(
      'the reader back after 5 s without pcscd',
      () => count('reader.attached') > attached,
      20_000,
    );

    await stopPcscd('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const exited = new Promise<number | null>((resolve) => agent!.once('exit', resolve));
    agent!.kill('SIGTERM');
    const stoppedInTime = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000)),
    ]);
    expect(stoppedInTime).toBe(true);
  }, 60_000);
});
