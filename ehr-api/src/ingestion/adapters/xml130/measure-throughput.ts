/**
 * Parse throughput of the Decision 130 adapter on one core: the golden claims (one rich inpatient
 * claim, one short emergency visit) copied with new MA_LK into one file of N HOSO; `short` uses only
 * the short visit, closer to an outpatient day's file.
 * Run: npx tsx src/ingestion/adapters/xml130/measure-throughput.ts [claims=5000] [mixed|short]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEnvelope, readTableFolder } from './fixtures/build-envelope.js';
import { xml130Adapter } from './index.js';

const claims = Number(process.argv[2] ?? 5000);
const folder = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'golden',
  'claims-22001',
);
const template =
  process.argv[3] === 'short' ? readTableFolder(folder).slice(1) : readTableFolder(folder);
const hosos = Array.from({ length: claims }, (_, i) => {
  const source = template[i % template.length] ?? [];
  return source.map((file) => ({
    ...file,
    xml: file.xml?.replace(/DK24030012\d\d|DK2403001301/g, `DK${String(i).padStart(10, '0')}`),
  }));
});
const file = Buffer.from(buildEnvelope(hosos), 'utf8');

for (let round = 0; round < 3; round++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const outcomes = [
    ...xml130Adapter.parse(file, { hospital: 'bvdk-tinh-quang-ninh', sourceName: 'bench.xml' }),
  ];
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const ok = outcomes.filter((o) => o.ok).length;
  console.log(
    `round ${round + 1}: ${outcomes.length} records (${ok} loaded) from ${(file.length / 1e6).toFixed(1)} MB: ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU = ${Math.round(outcomes.length / cpuSeconds)} records per CPU-second`,
  );
}
