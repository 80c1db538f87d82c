import { claimLease, newOwnerId } from '../jobs/lease.js';
import { PeriodicTask } from '../jobs/periodic-task.js';
import type { Logger } from '../logger.js';
import type { SchedulingModels } from './models.js';
import type { SchedulingService } from './scheduling-service.js';
import type { Waitlist } from './waitlist.js';

const LEASE_ID = 'scheduling-sweep';

/**
 * The scheduling housekeeping, one instance at a time (a lease): expire lapsed holds, finish
 * reschedules interrupted half-way, and offer free seats to the waitlist. Each of these is also
 * done on the spot by the request that runs into it; the sweep makes sure nothing waits for one.
 */
export class SchedulingSweep {
  private readonly task: PeriodicTask;
  private readonly owner = newOwnerId();

  constructor(
    private readonly models: SchedulingModels,
    private readonly scheduling: SchedulingService,
    private readonly waitlist: Waitlist,
    logger: Logger,
    private readonly options: { intervalMs: number },
  ) {
    this.task = new PeriodicTask('scheduling sweep', () => this.tick(), options.intervalMs, logger);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round; answers what it did, or undefined when another instance holds the lease. */
  async tick(): Promise<{ expired: number; rescheduled: number; offered: number } | undefined> {
    const lease = await claimLease(
      this.models.leases,
      LEASE_ID,
      this.owner,
      this.scheduling.now(),
      Math.max(30_000, this.options.intervalMs * 3),
    );
    if (!lease) return undefined;
    try {
      const expired = await this.scheduling.expireLapsedHolds();
      const rescheduled = await this.scheduling.finishInterruptedReschedules();
      const offered = await this.waitlist.offerRound();
      return { expired, rescheduled, offered };
    } finally {
      await this.models.leases.deleteOne({ _id: LEASE_ID, owner: this.owner });
    }
  }
}
