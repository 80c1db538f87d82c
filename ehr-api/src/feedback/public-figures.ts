import { mean, median } from 'simple-statistics';
import {
  FEEDBACK_ASPECTS,
  type FeedbackGroupFigures,
  type FeedbackRatings,
  type PublicFeedbackDepartment,
} from '@qn/contracts';

/** One piece of feedback as the public figures see it: where, the ratings, and when it was resolved. */
export interface FeedbackFact {
  departmentCode: string;
  serviceName: string;
  ratings: FeedbackRatings;
  createdAt: Date;
  /** When it was resolved, if it was by the time the figures are for. */
  resolvedAt?: Date | undefined;
}

const HOUR_MS = 3_600_000;

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function withheld(): FeedbackGroupFigures {
  return {
    suppressed: true,
    feedback: null,
    resolved: null,
    resolvedShare: null,
    medianHoursToResolve: null,
    averages: { waitingTime: null, staff: null, cleanliness: null, overall: null },
  };
}

/**
 * Counts, share resolved, median hours to resolve and mean ratings of one group. A group of 1 to
 * `minGroup - 1` pieces of feedback is withheld whole (a mean over two people nearly tells each
 * one's rating); an empty group shows zeros. Means and the median are taken here because
 * FerretDB's `$group` has no `$avg` nor `$median`.
 */
export function groupFigures(
  facts: readonly FeedbackFact[],
  minGroup: number,
): FeedbackGroupFigures {
  if (facts.length > 0 && facts.length < minGroup) return withheld();
  const resolvedHours = facts
    .filter((f) => f.resolvedAt)
    .map((f) => (f.resolvedAt!.getTime() - f.createdAt.getTime()) / HOUR_MS);
  const averageOf = (aspect: keyof FeedbackRatings): number | null =>
    facts.length === 0 ? null : round(mean(facts.map((f) => f.ratings[aspect])), 2);
  return {
    suppressed: false,
    feedback: facts.length,
    resolved: resolvedHours.length,
    resolvedShare: facts.length === 0 ? null : round(resolvedHours.length / facts.length, 4),
    medianHoursToResolve: resolvedHours.length === 0 ? null : round(median(resolvedHours), 1),
    averages: Object.fromEntries(
      FEEDBACK_ASPECTS.map((aspect) => [aspect, averageOf(aspect)]),
    ) as FeedbackGroupFigures['averages'],
  };
}

interface Department {
  departmentCode: string;
  serviceName: string;
  facts: FeedbackFact[];
}

/**
 * One hospital's departments for the public page, with small-cell suppression that cannot be
 * undone by subtraction. Departments with fewer than `minGroup` pieces of feedback are pooled into
 * one row; if that pool is itself too small while other rows are published, the smallest
 * published department joins the pool, since the hospital total minus the published rows would
 * otherwise give the pool's figures away. So every row shown has at least `minGroup`, or is
 * withheld because the whole hospital has fewer.
 */
export function departmentRows(
  facts: readonly FeedbackFact[],
  minGroup: number,
): PublicFeedbackDepartment[] {
  const byCode = new Map<string, Department>();
  for (const fact of facts) {
    let department = byCode.get(fact.departmentCode);
    if (!department) {
      department = {
        departmentCode: fact.departmentCode,
        serviceName: fact.serviceName,
        facts: [],
      };
      byCode.set(fact.departmentCode, department);
    }
    department.facts.push(fact);
  }
  const departments = [...byCode.values()].sort((a, b) =>
    a.departmentCode.localeCompare(b.departmentCode),
  );
  const published = departments.filter((d) => d.facts.length >= minGroup);
  const pool = departments.filter((d) => d.facts.length < minGroup);
  const pooledCount = (): number => pool.reduce((n, d) => n + d.facts.length, 0);
  if (pool.length > 0 && pooledCount() < minGroup && published.length > 0) {
    // The smallest (then the last by code) published department is the one that joins.
    const smallest = published.reduce((a, b) => (b.facts.length <= a.facts.length ? b : a));
    published.splice(published.indexOf(smallest), 1);
    pool.push(smallest);
    pool.sort((a, b) => a.departmentCode.localeCompare(b.departmentCode));
  }
  const row = (members: Department[]): PublicFeedbackDepartment => ({
    departments: members.map((d) => ({
      departmentCode: d.departmentCode,
      serviceName: d.serviceName,
    })),
    pooled: members.length > 1,
    figures: groupFigures(
      members.flatMap((d) => d.facts),
      minGroup,
    ),
  });
  return [...published.map((d) => row([d])), ...(pool.length > 0 ? [row(pool)] : [])];
}
