import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Holds every chunk for the proxy's current latency before passing it on, in order: the network
 * between two data centres, or a congested link, as the API would see it.
 */
class Delay extends Transform {
  constructor(private readonly latencyMs: () => number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const ms = this.latencyMs();
    if (ms <= 0) done(null, chunk);
    else setTimeout(() => done(null, chunk), ms);
  }
}

/**
 * A loopback TCP proxy in front of a real server, so a test can cut the server off (connections
 * refused), make it hang (connections accepted, never answered), slow it down, reset its
 * connections and restore it, without restarting it.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'forward' | 'hang' = 'forward';
  private latencyMs = 0;
  /** Connections reset since the proxy opened. */
  resets = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(port = this.port): Promise<void> {
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => client.destroy());
      if (this.mode === 'hang') return;
      const upstream = net.connect(this.targetPort, this.targetHost);
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      const latency = (): number => this.latencyMs;
      client.pipe(new Delay(latency)).pipe(upstream).pipe(new Delay(latency)).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', resolve);
    });
    const address = this.server.address();
    if (typeof address === 'object' && address) this.port = address.port;
  }

  /** New connections are accepted and never answered; existing ones are cut. */
  hang(): void {
    this.mode = 'hang';
    this.dropConnections();
  }

  forward(): void {
    this.mode = 'forward';
  }

  /** Every chunk in either direction waits this long (0: none). */
  delay(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  /** Resets every open connection (TCP RST to both ends), as a failing link or firewall would. */
  reset(): void {
    for (const socket of this.sockets) {
      if (socket.destroyed) continue;
      this.resets++;
      socket.resetAndDestroy();
    }
    this.sockets.clear();
  }

  /** Stops listening and cuts every connection: the target looks stopped. */
  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
