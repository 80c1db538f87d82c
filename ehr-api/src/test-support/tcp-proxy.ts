import net from 'node:net';
import { Transform } from 'node:stream';

/**
 * A loopback TCP proxy in front of a real server, so a test can cut the server off (connections
 * refused), make it hang (connections accepted, never answered) and restore it, without restarting it.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'forward' | 'hang' = 'forward';
  private latencyMs = 0;
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
      client.pipe(this.delayed()).pipe(upstream).pipe(this.delayed()).pipe(client);
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

  /** Cuts every open connection (a reset, as when the server restarts); new ones are forwarded. */
  resetConnections(): void {
    this.dropConnections();
  }

  /** Holds every chunk this long in each direction, on new and open connections; 0 turns it off. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Passes chunks on in order, each after the latency in force when it arrived. */
  private delayed(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        if (this.latencyMs === 0) done(null, chunk);
        else setTimeout(() => done(null, chunk), this.latencyMs);
      },
    });
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
