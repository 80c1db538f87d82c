/**
 * A TCP listener speaking MLLP: each message is parsed by the HL7 v2 adapter, handed to `onMessage`,
 * and answered with an ACK in the order received: AA when accepted, AE with ERR segments when
 * rejected, AR when the handler failed or timed out (storage down), so the sender sends it again.
 */
import net from 'node:net';
import { type Logger } from '../../../logger.js';
import { type HospitalCode, type ParseOutcome, type RecordIssue } from '../../model.js';
import { type AckCode, buildAck } from './ack.js';
import { hl7v2Adapter } from './adapter.js';
import { frame, MllpFrameDecoder, START_BLOCK } from './mllp-framing.js';

export type MessageDisposition = 'accepted' | 'rejected' | 'error';

export interface MllpListenerOptions {
  /** Defaults to 127.0.0.1; a hospital link sets the interface the HIS reaches. */
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  hospital: HospitalCode;
  onMessage(outcome: ParseOutcome): Promise<MessageDisposition>;
  /** A handler slower than this is answered AR; defaults to 30 s. */
  handlerTimeoutMs?: number;
  /** A frame larger than this closes the connection; defaults to 16 MiB. */
  maxMessageBytes?: number;
  logger?: Pick<Logger, 'warn'>;
}

export interface MllpListener {
  port: number;
  close(): Promise<void>;
}

const TIMEOUT = Symbol('timeout');

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function rejectionIssues(outcome: ParseOutcome): RecordIssue[] {
  return outcome.ok
    ? [
        {
          severity: 'error',
          location: 'message',
          code: 'rejected',
          message: 'The record was rejected by the ingestion pipeline',
        },
      ]
    : outcome.issues;
}

export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 30_000;
  const sockets = new Set<net.Socket>();
  const pending = new Set<Promise<void>>();

  async function answer(socket: net.Socket, outcome: ParseOutcome): Promise<void> {
    let disposition: MessageDisposition | typeof TIMEOUT;
    let failure = '';
    try {
      disposition = await withTimeout(options.onMessage(outcome), handlerTimeoutMs);
    } catch (error) {
      disposition = 'error';
      failure = error instanceof Error ? error.message : String(error);
    }
    let code: AckCode;
    let text: string;
    let issues: RecordIssue[] = [];
    if (disposition === 'accepted') {
      code = 'AA';
      text = 'Message accepted';
    } else if (disposition === 'rejected') {
      code = 'AE';
      text = 'Message rejected: see ERR segments';
      issues = rejectionIssues(outcome);
    } else {
      code = 'AR';
      text =
        disposition === TIMEOUT
          ? 'Not stored in time; send the message again'
          : 'Temporary failure storing the message; send it again';
      issues = [
        { severity: 'error', location: 'message', code: 'temporary-failure', message: text },
      ];
      options.logger?.warn(
        {
          sourceRecordId: outcome.ok ? outcome.record.sourceRecordId : outcome.sourceRecordId,
          failure,
        },
        'HL7 message answered AR',
      );
    }
    if (!socket.destroyed && socket.writable)
      socket.write(
        frame(
          buildAck({ raw: outcome.raw, code, text, issues, receivingFacility: options.hospital }),
        ),
      );
  }

  function handleConnection(socket: net.Socket): void {
    sockets.add(socket);
    const decoder = new MllpFrameDecoder(options.maxMessageBytes);
    const sourceName = `mllp:${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;
    // Messages of one connection are handled one after the other, so ACKs leave in order.
    let chain: Promise<void> = Promise.resolve();
    const enqueue = (payload: Buffer): void => {
      const outcomes = [...hl7v2Adapter.parse(payload, { hospital: options.hospital, sourceName })];
      for (const outcome of outcomes) {
        const step = chain.then(() => answer(socket, outcome));
        chain = step;
        pending.add(step);
        void step.finally(() => pending.delete(step));
      }
    };
    socket.on('data', (chunk: Buffer) => {
      for (const event of decoder.push(chunk)) {
        if (event.type === 'frame') enqueue(event.payload);
        else if (event.type === 'abandoned')
          enqueue(Buffer.concat([Buffer.of(START_BLOCK), event.payload]));
        else if (event.type === 'garbage')
          options.logger?.warn(
            { sourceName, bytes: event.length },
            'Bytes outside MLLP frames skipped',
          );
        else {
          options.logger?.warn(
            { sourceName, bytes: event.length },
            'MLLP frame too large; connection closed',
          );
          socket.destroy();
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  }

  const server = net.createServer(handleConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  return {
    port,
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.allSettled([...pending]);
      await closed;
    },
  };
}
