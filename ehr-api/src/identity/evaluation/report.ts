/**
 * Prints the matcher's evaluation on the labelled set as Markdown.
 *
 *   npx tsx ehr-api/src/identity/evaluation/report.ts [--seed 2] [--mistakes 10] [--sweep]
 *
 * --sweep prints precision, recall and review rate over a grid of thresholds (how they were tuned,
 * on seed 1); --mistakes prints that many wrong or missed links with the matcher's reasons.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../matcher.js';
import { evaluateMatcher, evaluationMarkdown } from './evaluate.js';
import { generateLabelledPairs } from './generator.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '2' },
    mistakes: { type: 'string', default: '0' },
    sweep: { type: 'boolean', default: false },
  },
});

const seed = Number(values.seed);
const pairs = generateLabelledPairs({ seed });
const evaluation = evaluateMatcher(pairs);
const lines = [evaluationMarkdown(evaluation, `Identity matcher on the labelled set (seed ${seed}, thresholds match ≥ ${DEFAULT_THRESHOLDS.matchAt}, review ≥ ${DEFAULT_THRESHOLDS.reviewAt})`)];

if (values.sweep) {
  lines.push('', '### Threshold sweep', '', '| match at | review at | precision | recall | review rate |', '| ---: | ---: | ---: | ---: | ---: |');
  for (const matchAt of [14, 16, 18, 20, 22, 24, 26]) {
    for (const reviewAt of [4, 8, 12]) {
      const result = evaluateMatcher(pairs, { matchAt, reviewAt });
      lines.push(`| ${matchAt} | ${reviewAt} | ${result.precision.toFixed(4)} | ${result.recall.toFixed(4)} | ${(result.reviewRate * 100).toFixed(2)}% |`);
    }
  }
}

const shown = evaluation.mistakes.slice(0, Number(values.mistakes));
if (shown.length) {
  lines.push('', `### Mistakes (${shown.length} of ${evaluation.mistakes.length})`, '');
  for (const { pair, result } of shown) {
    lines.push(`- **${pair.id}** (${pair.samePerson ? 'same' : 'different'}) → ${result.decision}, score ${result.score}: ${result.reasons.join('; ')}`);
    lines.push(`  - A: ${JSON.stringify(pair.a.facts)}`, `  - B: ${JSON.stringify(pair.b.facts)}`);
  }
}

process.stdout.write(`${lines.join('\n')}\n`);
