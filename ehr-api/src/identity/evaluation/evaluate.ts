import { matchRecords, type MatchDecision, type MatchResult, type MatchThresholds } from '../matcher.js';
import type { LabelledPair, PairKind } from './generator.js';

/** Counts of decisions for same-person and different-people pairs. */
export interface Confusion {
  same: Record<MatchDecision, number>;
  different: Record<MatchDecision, number>;
}

export interface Evaluation {
  pairs: number;
  confusion: Confusion;
  /** Of the pairs the matcher linked, the share that are one person. Reviews are not links. */
  precision: number;
  /** Of the same-person pairs, the share the matcher linked. */
  recall: number;
  /** Share of all pairs sent to review. */
  reviewRate: number;
  /** The same three on the pairs that share no identifier (only the probabilistic part decides). */
  withoutIdentifier: { pairs: number; precision: number; recall: number; reviewRate: number };
  byKind: Array<{ kind: PairKind; samePerson: boolean; counts: Record<MatchDecision, number> }>;
  /** Wrong links and missed links, for reading. */
  mistakes: Array<{ pair: LabelledPair; result: MatchResult }>;
}

function emptyCounts(): Record<MatchDecision, number> {
  return { match: 0, review: 0, 'non-match': 0 };
}

function rates(confusion: Confusion): { precision: number; recall: number; reviewRate: number } {
  const linked = confusion.same.match + confusion.different.match;
  const same = confusion.same.match + confusion.same.review + confusion.same['non-match'];
  const all = same + confusion.different.match + confusion.different.review + confusion.different['non-match'];
  return {
    precision: linked === 0 ? 1 : confusion.same.match / linked,
    recall: same === 0 ? 1 : confusion.same.match / same,
    reviewRate: all === 0 ? 0 : (confusion.same.review + confusion.different.review) / all,
  };
}

export function evaluateMatcher(pairs: readonly LabelledPair[], thresholds?: MatchThresholds): Evaluation {
  const confusion: Confusion = { same: emptyCounts(), different: emptyCounts() };
  const keyless: Confusion = { same: emptyCounts(), different: emptyCounts() };
  const byKind = new Map<PairKind, { kind: PairKind; samePerson: boolean; counts: Record<MatchDecision, number> }>();
  const mistakes: Evaluation['mistakes'] = [];
  let keylessPairs = 0;
  for (const pair of pairs) {
    const result = matchRecords(pair.a, pair.b, thresholds);
    const side = pair.samePerson ? 'same' : 'different';
    confusion[side][result.decision]++;
    if (!pair.sharedIdentifier) {
      keylessPairs++;
      keyless[side][result.decision]++;
    }
    const kind = byKind.get(pair.kind) ?? { kind: pair.kind, samePerson: pair.samePerson, counts: emptyCounts() };
    kind.counts[result.decision]++;
    byKind.set(pair.kind, kind);
    if ((pair.samePerson && result.decision === 'non-match') || (!pair.samePerson && result.decision === 'match')) mistakes.push({ pair, result });
  }
  return { pairs: pairs.length, confusion, ...rates(confusion), withoutIdentifier: { pairs: keylessPairs, ...rates(keyless) }, byKind: [...byKind.values()], mistakes };
}

function percent(value: number, digits = 2): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/** The evaluation as Markdown: headline figures, the confusion table, and decisions per kind of pair. */
export function evaluationMarkdown(evaluation: Evaluation, title: string): string {
  const { confusion } = evaluation;
  const total = (counts: Record<MatchDecision, number>): number => counts.match + counts.review + counts['non-match'];
  const lines = [
    `## ${title}`,
    '',
    `${evaluation.pairs} labelled pairs. Review decisions count as not linked.`,
    '',
    `- Precision: **${evaluation.precision.toFixed(4)}**`,
    `- Recall: **${evaluation.recall.toFixed(4)}**`,
    `- Review rate: **${percent(evaluation.reviewRate)}** of all pairs (${percent(confusion.same.review / Math.max(1, total(confusion.same)))} of same-person pairs, ${percent(confusion.different.review / Math.max(1, total(confusion.different)))} of different-people pairs)`,
    `- Pairs sharing no CCCD or BHYT number (${evaluation.withoutIdentifier.pairs}): precision ${evaluation.withoutIdentifier.precision.toFixed(4)}, recall ${evaluation.withoutIdentifier.recall.toFixed(4)}, review rate ${percent(evaluation.withoutIdentifier.reviewRate)}`,
    '',
    '| truth \\ decision | match | review | non-match | total |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| same person | ${confusion.same.match} | ${confusion.same.review} | ${confusion.same['non-match']} | ${total(confusion.same)} |`,
    `| different people | ${confusion.different.match} | ${confusion.different.review} | ${confusion.different['non-match']} | ${total(confusion.different)} |`,
    '',
    '| kind of pair | truth | match | review | non-match |',
    '| --- | --- | ---: | ---: | ---: |',
    ...evaluation.byKind.map(({ kind, samePerson, counts }) => `| ${kind} | ${samePerson ? 'same' : 'different'} | ${counts.match} | ${counts.review} | ${counts['non-match']} |`),
  ];
  return lines.join('\n');
}
