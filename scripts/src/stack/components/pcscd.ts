import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StepError } from '../progress.js';
import { startProcess, waitUntil, type ManagedProcess } from '../processes.js';

/** vpcd's TCP ports for the two virtual readers, as /etc/reader.conf.d/vpcd sets them. */
export const VPCD_PORTS = [35963, 35964] as const;
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
  if (pcscdRunning() && listening(VPCD_PORTS[0])) return undefined;
  if (pcscdRunning()) {
    throw new StepError(
      'pcscd is running but the virtual reader is not listening on port 35963',
      'Restart pcscd (`sudo pkill pcscd`, then run this command again) so it loads the vpcd driver.',
    );
  }
  if (process.getuid?.() !== 0) {
    throw new StepError(
      'pcscd is not running and starting it needs root',
      'Start it once with `sudo pcscd` (or `sudo systemctl start pcscd`), then run this command again.',
    );
  }
  const pcscd = startProcess({
    name: 'pcscd',
    command: '/usr/sbin/pcscd',
    args: ['--foreground', '--info'],
    logFile: path.join(options.dataDir, 'logs', 'pcscd.log'),
  });
  await waitUntil(
    'pcscd with the virtual reader',
    () => Promise.resolve(listening(VPCD_PORTS[0])),
    { timeoutMs: 15_000, process: pcscd, hint: INSTALL_HINT },
  );
  return pcscd;
}
