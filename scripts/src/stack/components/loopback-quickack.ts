import { execFileSync } from 'node:child_process';

/**
 * Quick ACKs on the loopback routes, for the time of a measurement.
 *
 * Debian's vpcd (vsmartcard 3.3) sends each command to the card emulator as two TCP writes, the
 * 2-byte length and then the body, without TCP_NODELAY. Nagle holds the body until the length is
 * acknowledged, and Linux delays that ACK by about 40 ms: every APDU through the virtual reader
 * costs 40 ms that no USB reader has (an NTAG 424 DNA answers one in a few milliseconds). The
 * emulator cannot ask for a quick ACK itself (Node has no TCP_QUICKACK), but the route can:
 * `ip route … quickack 1` on the local table. Measured with the tap benchmark: the three-APDU SUN
 * read fell from 132 ms to under 1 ms at p50.
 *
 * It changes the machine's loopback routes, so it needs root (CAP_NET_ADMIN), and `restore` puts
 * them back as they were. Without the right, nothing changes and the reason is returned.
 */
export interface QuickAck {
  /** 'enabled' (by us, until restore), 'already-on', or why it could not be turned on. */
  readonly state: 'enabled' | 'already-on' | { readonly unavailable: string };
  restore(): void;
}

/** The local table's routes for 127.0.0.0/8 and 127.0.0.1, as `ip route show` prints them. */
function loopbackRoutes(): string[] {
  return execFileSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^local 127\.0\.0\.(?:0\/8|1) dev lo\b/.test(line));
}

function changeRoute(route: string, extra: string[]): void {
  const words = route.split(/\s+/).filter((word, i, all) => {
    // `quickack N` is what we set or clear: leave it out of the route we pass back.
    return word !== 'quickack' && all[i - 1] !== 'quickack';
  });
  execFileSync('ip', ['route', 'change', ...words, 'table', 'local', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

export function enableLoopbackQuickAck(): QuickAck {
  let routes: string[];
  try {
    routes = loopbackRoutes();
  } catch (error) {
    return { state: { unavailable: `ip route: ${(error as Error).message}` }, restore: () => {} };
  }
  const off = routes.filter((route) => !/\bquickack 1\b/.test(route));
  if (routes.length > 0 && off.length === 0) return { state: 'already-on', restore: () => {} };
  const changed: string[] = [];
  try {
    for (const route of off) {
      changeRoute(route, ['quickack', '1']);
      changed.push(route);
    }
  } catch (error) {
    for (const route of changed) changeRoute(route, []);
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    return { state: { unavailable: why }, restore: () => {} };
  }
  return {
    state: 'enabled',
    restore: () => {
      for (const route of changed) changeRoute(route, []);
    },
  };
}
