import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type HospitalRecord, type ParseOutcome } from '../../model.js';
import { writeHl7v2 } from './index.js';
import { frame, MllpFrameDecoder } from './mllp-framing.js';
import { type MessageDisposition, type MllpListener, startMllpListener } from './mllp-listener.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const records = (file: string): HospitalRecord[] =>
  JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as HospitalRecord[];
const [admit] = records('adt-a01-admit.expected.json');
const [results] = records('oru-r01-results.expected.json');

function message(
  controlId: string,
  record: HospitalRecord = admit!,
  encoding: 'utf-8' | 'tcvn3' | 'windows-1258' = 'utf-8',
): Buffer {
  return writeHl7v2({ ...record, sourceRecordId: controlId }, { encoding });
}

/** A sender on a real TCP socket: collects ACK frames as they arrive. */
class Sender {
  readonly acks: string[] = [];
  private readonly decoder = new MllpFrameDecoder();
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.decoder.push(chunk))
        if (event.type === 'frame') this.acks.push(event.payload.toString('latin1'));
      for (const wake of this.waiters) wake();
    });
  }

  static async connect(port: number): Promise<Sender> {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', resolve).once('error', reject),
    );
    return new Sender(socket);
  }

  async write(bytes: Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.socket.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
  }

  async waitForAcks(count: number, timeoutMs = 5000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${this.acks.length} of ${count} ACKs`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
      this.waiters = [];
    }
    return this.acks;
  }

  close(): void {
    this.socket.destroy();
  }
}

const segments = (ack: string): string[][] =>
  ack
    .split('\r')
    .filter(Boolean)
    .map((s) => s.split('|'));
const msa = (ack: string): string[] => segments(ack).find((s) => s[0] === 'MSA') ?? [];
const errs = (ack: string): string[][] => segments(ack).filter((s) => s[0] === 'ERR');
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('startMllpListener', () => {
  let listener: MllpListener | undefined;
  let sender: Sender | undefined;
  const received: ParseOutcome[] = [];

  async function start(
    onMessage: (outcome: ParseOutcome) => Promise<MessageDisposition>,
    handlerTimeoutMs?: number,
  ): Promise<Sender> {
    listener = await startMllpListener({
      port: 0,
      hospital: 'bvdk-tinh-quang-ninh',
      handlerTimeoutMs,
      onMessage: async (outcome) => {
        received.push(outcome);
        return onMessage(outcome);
      },
    });
    sender = await Sender.connect(listener.port);
    return sender;
  }

  afterEach(async () => {
    sender?.close();
    await listener?.close();
    received.length = 0;
  });

  const storeAll = (outcome: ParseOutcome): Promise<MessageDisposition> =>
    Promise.resolve(outcome.ok ? 'accepted' : 'rejected');

  it('answers several messages on one connection with AA, in order, in any charset', async () => {
    const s = await start(storeAll);
    await s.write(
      Buffer.concat([
        frame(message('M-1')),
        frame(message('M-2', results)),
        frame(message('M-3', admit, 'tcvn3')),
        frame(message('M-4', admit, 'windows-1258')),
      ]),
    );

    const acks = await s.waitForAcks(4);
    expect(acks.map((a) => msa(a).slice(0, 3))).toEqual([
      ['MSA', 'AA', 'M-1'],
      ['MSA', 'AA', 'M-2'],
      ['MSA', 'AA', 'M-3'],
      ['MSA', 'AA', 'M-4'],
    ]);
    expect(received.map((o) => o.ok && o.record.patient.fullName)).toEqual([
      'Nguyễn Thị Lan',
      'Nguyễn Thị Lan',
      'Nguyễn Thị Lan',
      'Nguyễn Thị Lan',
    ]);
    expect(received.map((o) => o.ok && o.record.event)).toEqual([
      'admit',
      'results',
      'admit',
      'admit',
    ]);
    const msh = segments(acks[0]!)[0]!;
    expect([msh[2], msh[3], msh[4], msh[8], msh[11]]).toEqual([
      'QN-EHR',
      'bvdk-tinh-quang-ninh',
      'HIS-DKT',
      'ACK^A01^ACK',
      '2.5',
    ]);
  });

  it('reassembles messages split across TCP packets and skips garbage between frames', async () => {
    const s = await start(storeAll);
    const stream = Buffer.concat([
      Buffer.from('noise before\r\n'),
      frame(message('S-1')),
      Buffer.from('\x00\x01junk'),
      frame(message('S-2')),
    ]);
    for (let at = 0; at < stream.length; at += 37) {
      await s.write(stream.subarray(at, at + 37));
      await pause(2);
    }

    const acks = await s.waitForAcks(2);
    expect(acks.map((a) => msa(a).slice(1, 3))).toEqual([
      ['AA', 'S-1'],
      ['AA', 'S-2'],
    ]);
    expect(received).toHaveLength(2);
  });

  it('answers AE with an ERR segment per issue when the message is rejected', async () => {
    const s = await start(storeAll);
    const bad = message('R-1')
      .toString('utf8')
      .replace('|19850312|', '|20260230|')
      .replace('|202601150835', '|202613150835');
    await s.write(frame(Buffer.from(bad, 'utf8')));

    const [ack] = await s.waitForAcks(1);
    expect(msa(ack!).slice(1, 3)).toEqual(['AE', 'R-1']);
    expect(errs(ack!).map((e) => [e[2], e[3], e[4], e[5]?.split('^')[0]])).toEqual([
      ['PID^1^7', '102^Data type error^HL70357', 'E', 'date-impossible'],
      ['PV1^1^44', '102^Data type error^HL70357', 'E', 'date-impossible'],
    ]);
    expect(errs(ack!)[0]![1]).toBe('PID^1^7^102&Data type error');
    expect(errs(ack!)[0]![8]).toMatch(/2026-02 has no day 30/);
  });

  it('answers AE naming the event when the event type is not supported', async () => {
    const s = await start(storeAll);
    await s.write(
      frame(
        Buffer.from(
          message('U-1').toString('utf8').replace('ADT^A01^ADT_A01', 'ADT^A99^ADT_A01'),
          'utf8',
        ),
      ),
    );

    const [ack] = await s.waitForAcks(1);
    expect(msa(ack!).slice(1, 3)).toEqual(['AE', 'U-1']);
    expect(errs(ack!)[0]?.[3]).toBe('201^Unsupported event code^HL70357');
    expect(errs(ack!)[0]?.[8]).toMatch(/^ADT\\S\\A99 is not a message this feed reads/);
  });

  it('answers AR when the handler fails, so the sender retries, and AA when it is back', async () => {
    let storageUp = false;
    const s = await start((outcome) =>
      storageUp ? storeAll(outcome) : Promise.reject(new Error('FerretDB unreachable')),
    );
    await s.write(frame(message('F-1')));
    const [first] = await s.waitForAcks(1);
    storageUp = true;
    await s.write(frame(message('F-1')));
    const acks = await s.waitForAcks(2);

    expect(msa(first!).slice(1, 3)).toEqual(['AR', 'F-1']);
    expect(errs(first!)[0]?.[3]).toBe('207^Application internal error^HL70357');
    expect(msa(acks[1]!).slice(1, 3)).toEqual(['AA', 'F-1']);
  });

  it('answers AR when the handler reports an error or does not answer in time', async () => {
    const s = await start(
      (outcome) =>
        outcome.ok && outcome.record.sourceRecordId === 'H-1'
          ? Promise.resolve('error')
          : new Promise<MessageDisposition>(() => undefined),
      200,
    );
    await s.write(Buffer.concat([frame(message('H-1')), frame(message('H-2'))]));

    const acks = await s.waitForAcks(2);
    expect(acks.map((a) => msa(a).slice(1, 3))).toEqual([
      ['AR', 'H-1'],
      ['AR', 'H-2'],
    ]);
  });

  it('rejects a frame that holds no HL7 message with AE and keeps the connection open', async () => {
    const s = await start(storeAll);
    await s.write(
      Buffer.concat([frame(Buffer.from('hello, this is not HL7')), frame(message('G-2'))]),
    );

    const acks = await s.waitForAcks(2);
    expect(acks.map((a) => msa(a).slice(1, 3))).toEqual([
      ['AE', ''],
      ['AA', 'G-2'],
    ]);
    expect(errs(acks[0]!)[0]?.[5]).toBe('not-hl7^message');
  });

  it('closes while a connection is open and frees the port', async () => {
    await start(storeAll);
    const port = listener!.port;
    await listener!.close();
    listener = undefined;
    await expect(Sender.connect(port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
