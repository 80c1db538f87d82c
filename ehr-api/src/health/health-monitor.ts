import type { ComponentHealth, Readiness } from '@qn/contracts';
import type { Logger } from '../logger.js';

export type ComponentName = ComponentHealth['name'];

export interface Probe {
  name: ComponentName;
  /** Resolves when the component answers; rejects with an error whose message says what is wrong. */
  check(signal: AbortSignal): Promise<void>;
  /** Words an operator can act on, shown when the component is down. */
  whenDown: string;
}

/**
 * Probes each component on an interval and keeps the last result, so readiness answers at once
 * and request handlers can refuse work that needs a component that is down without waiting on it.
 * Each API instance probes for itself: nothing here is shared state between instances.
 */
export class HealthMonitor {
  private readonly state = new Map<ComponentName, ComponentHealth>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly slowInARow = new Map<ComponentName, number>();

  constructor(
    private readonly probes: Probe[],
    private readonly options: {
      intervalMs: number;
      probeTimeoutMs: number;
      logger: Logger;
      /**
       * How many probes in a row may go unanswered before a component that was up is marked down
       * (default 3). A busy database or FHIR server answers late; refusing every request with 503
       * because of one late ping turns a slow moment into an outage. A refused connection or any
       * other error marks the component down at once.
       */
      unansweredBeforeDown?: number;
    },
  ) {
    const now = new Date().toISOString();
    for (const probe of probes) {
      this.state.set(probe.name, {
        name: probe.name,
        status: 'down',
        checkedAt: now,
        detail: 'not checked yet',
      });
    }
  }

  start(): Promise<void> {
    const first = this.runAll();
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.runAll().finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    this.timer.unref();
    return first;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  isUp(name: ComponentName): boolean {
    return this.state.get(name)?.status === 'up';
  }

  component(name: ComponentName): ComponentHealth | undefined {
    return this.state.get(name);
  }

  readiness(): Readiness {
    const components = this.probes
      .map((probe) => this.state.get(probe.name))
      .filter((c): c is ComponentHealth => c !== undefined);
    return {
      status: components.every((c) => c.status === 'up') ? 'ready' : 'degraded',
      components,
    };
  }

  /** Marks a component down at once, e.g. when a request to it just failed; the next probe corrects it. */
  reportFailure(name: ComponentName, detail: string): void {
    const previous = this.state.get(name);
    if (previous?.status === 'down') return;
    this.options.logger.warn(
      { component: name, detail },
      'component marked down after a failed request',
    );
    this.state.set(name, { name, status: 'down', checkedAt: new Date().toISOString(), detail });
  }

  /**
   * Counts a request that got no answer within its time-out like an unanswered probe: one late
   * answer under load is a slow moment, not an outage, so the component is marked down only when
   * `unansweredBeforeDown` requests or probes in a row went unanswered. A probe that answers resets
   * the count.
   */
  reportUnanswered(name: ComponentName, detail: string): void {
    if (this.state.get(name)?.status !== 'up') return;
    const stillUp = this.lateAnswer(name, detail);
    if (stillUp) this.state.set(name, stillUp);
    else this.reportFailure(name, detail);
  }

  /**
   * Counts one more late answer in a row (a probe's or a request's); while the count is below
   * `unansweredBeforeDown` and the component was up, its state stays up, saying it was slow.
   * Returns that state, or undefined when the component is to be marked down.
   */
  private lateAnswer(name: ComponentName, reason: string): ComponentHealth | undefined {
    const inARow = (this.slowInARow.get(name) ?? 0) + 1;
    this.slowInARow.set(name, inARow);
    const previous = this.state.get(name);
    if (previous?.status !== 'up' || inARow >= (this.options.unansweredBeforeDown ?? 3))
      return undefined;
    return {
      ...previous,
      checkedAt: new Date().toISOString(),
      detail: `slow: ${reason} (${inARow} in a row)`,
    };
  }

  private async runAll(): Promise<void> {
    await Promise.all(this.probes.map((probe) => this.runOne(probe)));
  }

  private async runOne(probe: Probe): Promise<void> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.probeTimeoutMs);
    const unanswered = new Error(`no answer within ${this.options.probeTimeoutMs} ms`);
    let next: ComponentHealth;
    try {
      await Promise.race([
        probe.check(signal),
        new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(unanswered), { once: true });
        }),
      ]);
      this.slowInARow.delete(probe.name);
      next = {
        name: probe.name,
        status: 'up',
        checkedAt: new Date().toISOString(),
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Any other error than no answer (a refused connection) marks the component down at once.
      const stillUp = error === unanswered ? this.lateAnswer(probe.name, reason) : undefined;
      next = stillUp ?? {
        name: probe.name,
        status: 'down',
        checkedAt: new Date().toISOString(),
        detail: `${probe.whenDown} (${reason})`,
      };
    }
    const previous = this.state.get(probe.name);
    if (previous?.status !== next.status) {
      this.options.logger.info(
        { component: probe.name, status: next.status, detail: next.detail },
        `component ${next.status}`,
      );
    }
    this.state.set(probe.name, next);
  }
}
