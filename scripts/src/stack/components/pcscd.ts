import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StepError } from '../progress.js';
import { startProcess, waitUntil, type ManagedProcess } from '../processes.js';

/** vpcd's TCP ports for the two virtual readers, as /etc/reader.conf.d/vpcd sets them. */
export const VPCD_PORTS = [35963, 35964] as const;
/** The names pcscd gives those two readers, in the same order (what an agent's QN_READERS matches). */
export const VPCD_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;
const INSTALL_HINT =
  'Install the PC/SC daemon and the virtual reader: `sudo apt-get install -y pcscd vsmartcard-vpcd libpcsclite-dev pcsc-tools`.';

function listening(port: number): boolean {
  // Connecting to vpcd's port would insert a virtual card, so ask the kernel instead.
  try {
    return (
      execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim().length > 0
    );
  } catch {
    return false;
  }
}

function pcscdRunning(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'pcscd']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure pcscd runs with the vsmartcard virtual reader. pcscd is one per machine (its socket
 * is fixed), so a daemon already running is reused and left running; one we start, we stop.
 */
export async function ensurePcscd(options: {
  dataDir: string;
}): Promise<ManagedProcess | undefined> {
  if (!existsSync('/usr/sbin/pcscd')) throw new StepError('pcscd is not installed', INSTALL_HINT);
  if (!existsSync('/etc/reader.conf.d/vpcd'))
    throw new StepError('the vsmartcard virtual reader (vpcd) is not installed', INSTALL_HINT);
  const readersUp = (): boolean => VPCD_PORTS.every(listening);
  if (pcscdRunning() && readersUp()) return undefined;
  if (pcscdRunning()) {
    throw new StepError(
      'pcscd is running but the virtual readers are not listening on ports 35963 and 35964',
      'Restart pcscd (`sudo pkill pcscd`, then run this command again) so it loads the vpcd driver.',
    );
  }
  if (process.getuid?.() !== 0) {
    throw new StepError(
      'pcscd is not running and starting it needs root',
      'Start it once with `sudo pcscd` (or `sudo systemctl start pcscd`), then run this command again.',
    );
  }
  // vpcd binds its two ports as pcscd starts; if either is taken at that moment (any outgoing
  // connection may hold it as its ephemeral source port), pcscd drops both readers and runs on
  // with none. So wait for both, check they stay up, and start again if they did not.
  for (let attempt = 1; ; attempt++) {
    const pcscd = startProcess({
      name: 'pcscd',
      command: '/usr/sbin/pcscd',
      args: ['--foreground', '--info'],
      logFile: path.join(options.dataDir, 'logs', 'pcscd.log'),
    });
    try {
      await waitUntil('pcscd with the virtual readers', () => Promise.resolve(readersUp()), {
        timeoutMs: 15_000,
        process: pcscd,
        hint: INSTALL_HINT,
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (readersUp()) return pcscd;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
    await pcscd.stop();
    if (attempt >= 3)
      throw new StepError(
        'pcscd started but its virtual readers went away (a vpcd port, 35963 or 35964, was in use)',
        `See ${path.join(options.dataDir, 'logs', 'pcscd.log')}; \`ss -tanp 'sport = :35964'\` shows who holds the port.`,
      );
  }
}
