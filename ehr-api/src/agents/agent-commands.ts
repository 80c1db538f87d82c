import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { AgentCommand, AgentCommandMessage, CommandResult } from '@qn/contracts';
import type { Logger } from '../logger.js';
import { deviceModel, type DeviceModel } from './device-model.js';

/**
 * Commands from the API to a station's card agent (inspect or personalise the card on its reader),
 * and their one answer each, across API instances.
 *
 * The HTTP request that wants a card personalised may reach any instance; the agent's WebSocket is
 * held by one of them. So a command is a document (`agent_commands`): the instance holding the
 * station's socket delivers it (at once when it is the same instance, else on its next poll), and
 * the answer is inserted once into `agent_command_results` (insert-first-wins), where the waiting
 * instance finds it. What is stored is the command without keys: the delivering instance fills in
 * the card keys (`expand`), so no key is ever written to the database.
 */

/** A command as stored: the agent command without its secrets. */
export type StoredCommand =
  | { readonly kind: 'inspect'; readonly reader?: string; readonly waitForCardMs: number }
  | {
      readonly kind: 'personalise';
      readonly reader?: string;
      readonly waitForCardMs: number;
      readonly uid: string;
      readonly currentKeyVersion: number;
      readonly keyVersion: number;
    };

interface CommandDocument {
  _id: string;
  deviceId: string;
  command: StoredCommand;
  createdAt: Date;
  expiresAt: Date;
}

interface ResultDocument {
  _id: string;
  deviceId: string;
  result: CommandResult;
  at: Date;
}

const commandSchema = new Schema<CommandDocument>(
  {
    _id: { type: String, required: true },
    deviceId: { type: String, required: true },
    command: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'agent_commands', versionKey: false },
);
commandSchema.index({ deviceId: 1, expiresAt: 1 });

const resultSchema = new Schema<ResultDocument>(
  {
    _id: { type: String, required: true },
    deviceId: { type: String, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'agent_command_results', versionKey: false },
);

type CommandModel = Model<CommandDocument>;
type ResultModel = Model<ResultDocument>;

function models(connection: Connection): { commands: CommandModel; results: ResultModel } {
  return {
    commands:
      (connection.models.AgentCommand as CommandModel | undefined) ??
      connection.model<CommandDocument>('AgentCommand', commandSchema),
    results:
      (connection.models.AgentCommandResult as ResultModel | undefined) ??
      connection.model<ResultDocument>('AgentCommandResult', resultSchema),
  };
}

export type CommandOutcome =
  | { readonly kind: 'answered'; readonly result: CommandResult }
  | { readonly kind: 'station-unknown' }
  | { readonly kind: 'station-offline' }
  | { readonly kind: 'timeout' };

/** Sends one command message down a connected agent's socket. */
export type DeliverFn = (message: AgentCommandMessage) => void;

export interface AgentCommandBusOptions {
  /** How often an instance looks for commands for its agents, and for answers it waits on. */
  readonly pollMs?: number;
  /** A station whose agent said nothing for this long is offline (three heartbeats). */
  readonly offlineAfterMs?: number;
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

export class AgentCommandBus {
  private readonly commands: CommandModel;
  private readonly results: ResultModel;
  private readonly devices: DeviceModel;
  private readonly pollMs: number;
  private readonly offlineAfterMs: number;
  /** Agents connected to this instance. */
  private readonly local = new Map<string, DeliverFn>();
  /** Commands this instance has delivered (until they expire). */
  private readonly delivered = new Map<string, number>();
  /** Answers this instance waits for, woken as soon as this instance records one. */
  private readonly waiters = new Map<string, () => void>();
  private poller: NodeJS.Timeout | undefined;
  private expand: ((command: StoredCommand) => AgentCommand) | undefined;

  constructor(
    connection: Connection,
    private readonly options: AgentCommandBusOptions = {},
  ) {
    ({ commands: this.commands, results: this.results } = models(connection));
    this.devices = deviceModel(connection);
    this.pollMs = options.pollMs ?? 200;
    this.offlineAfterMs = options.offlineAfterMs ?? 30_000;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /** Turns a stored command into what the agent gets (the card service adds the keys). */
  setExpander(expand: (command: StoredCommand) => AgentCommand): void {
    this.expand = expand;
  }

  /**
   * Runs `command` on `deviceId`'s agent; resolves with its answer, or why there is none. Never
   * rejects for a missing answer; rejects only when the database fails.
   */
  async run(deviceId: string, command: StoredCommand, timeoutMs: number): Promise<CommandOutcome> {
    const now = this.now();
    const device = await this.devices
      .findOne({ deviceId }, { lastSeenAt: 1, disconnectedAt: 1 })
      .lean();
    if (!device) return { kind: 'station-unknown' };
    const lastSeen = device.lastSeenAt?.getTime() ?? 0;
    if (device.disconnectedAt !== undefined || now.getTime() - lastSeen > this.offlineAfterMs)
      return { kind: 'station-offline' };

    const commandId = randomUUID();
    const expiresAt = new Date(now.getTime() + timeoutMs);
    await this.commands.create({ _id: commandId, deviceId, command, createdAt: now, expiresAt });
    const answered = new Promise<void>((resolve) => this.waiters.set(commandId, resolve));
    this.deliverLocally(commandId, deviceId, command, expiresAt);
    try {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = await this.results.findById(commandId).lean<ResultDocument>();
        if (found) return { kind: 'answered', result: found.result };
        await Promise.race([
          answered,
          new Promise((resolve) =>
            setTimeout(resolve, Math.min(this.pollMs, Math.max(0, deadline - Date.now()))),
          ),
        ]);
      }
      const late = await this.results.findById(commandId).lean<ResultDocument>();
      return late ? { kind: 'answered', result: late.result } : { kind: 'timeout' };
    } finally {
      this.waiters.delete(commandId);
      await this.commands.deleteOne({ _id: commandId }).catch(() => undefined);
    }
  }

  /** An agent connected to this instance: deliver its commands. Returns the detach function. */
  attach(deviceId: string, deliver: DeliverFn): () => void {
    this.local.set(deviceId, deliver);
    this.startPolling();
    return () => {
      if (this.local.get(deviceId) === deliver) this.local.delete(deviceId);
      if (this.local.size === 0) this.stopPolling();
    };
  }

  /** The agent's answer: recorded once (a second answer to one command is ignored). */
  async answer(deviceId: string, commandId: string, result: CommandResult): Promise<void> {
    try {
      await this.results.create({ _id: commandId, deviceId, result, at: this.now() });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
    this.waiters.get(commandId)?.();
  }

  private deliverLocally(
    commandId: string,
    deviceId: string,
    command: StoredCommand,
    expiresAt: Date,
  ): void {
    const deliver = this.local.get(deviceId);
    if (!deliver || this.delivered.has(commandId)) return;
    if (!this.expand) {
      this.options.logger?.warn({ commandId }, 'agent command not delivered: no expander set');
      return;
    }
    this.delivered.set(commandId, expiresAt.getTime());
    deliver({
      type: 'command',
      commandId,
      expiresAt: expiresAt.toISOString(),
      command: this.expand(command),
    });
  }

  private startPolling(): void {
    if (this.poller) return;
    this.poller = setInterval(
      () =>
        void this.poll().catch((error: unknown) =>
          this.options.logger?.warn({ err: error }, 'agent command poll failed'),
        ),
      this.pollMs,
    );
    this.poller.unref();
  }

  private stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  /** Delivers commands that another instance stored for agents connected here; forgets old ones. */
  private async poll(): Promise<void> {
    const now = this.now();
    for (const [commandId, expires] of this.delivered)
      if (expires < now.getTime()) this.delivered.delete(commandId);
    if (this.local.size === 0) return;
    const pending = await this.commands
      .find({ deviceId: { $in: [...this.local.keys()] }, expiresAt: { $gt: now } })
      .limit(50)
      .lean<CommandDocument[]>();
    for (const doc of pending)
      this.deliverLocally(doc._id, doc.deviceId, doc.command, doc.expiresAt);
    // No TTL indexes on FerretDB: answers older than a minute are no one's any more.
    const aMinuteAgo = new Date(now.getTime() - 60_000);
    await this.results.deleteMany({ at: { $lt: aMinuteAgo } });
    await this.commands.deleteMany({ expiresAt: { $lt: aMinuteAgo } });
  }
}
