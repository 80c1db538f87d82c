/**
 * Parse throughput of the CSV adapter on one core: the golden Bãi Cháy visit rows (UTF-8) and the
 * Đa khoa tỉnh patient rows (Windows-1258) copied with new ids into files of N rows.
 * Run: npx tsx src/ingestion/adapters/csv/measure-throughput.ts [rows=20000]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvAdapter, loadCsvMapping } from './index.js';
import { decodeCsv, encodeCsv } from './text-encoding.js';

const rows = Number(process.argv[2] ?? 20000);
const here = path.dirname(fileURLToPath(import.meta.url));

function measure(name: string, mappingFile: string, fixture: string, idPattern: RegExp): void {
  const mapping = loadCsvMapping(path.join(here, 'mappings', mappingFile));
  const text = decodeCsv(
    readFileSync(path.join(here, 'fixtures', 'golden', fixture)),
    mapping.encoding,
  );
  const [header, ...body] = text.split(/\r\n(?=[^\r\n])/).filter((line) => line.trim() !== '');
  const good = body.slice(0, 3);
  const lines = Array.from({ length: rows }, (_, i) =>
    (good[i % good.length] ?? '').replace(
      idPattern,
      (match) => `${match.slice(0, 2)}${String(i).padStart(match.length - 2, '0')}`,
    ),
  );
  const file = encodeCsv(`${header}\r\n${lines.join('\r\n')}\r\n`, mapping.encoding, mapping.bom);
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const outcomes = [
      ...csvAdapter(mapping).parse(file, { hospital: mapping.hospital, sourceName: 'bench.csv' }),
    ];
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const ok = outcomes.filter((o) => o.ok).length;
    console.log(
      `${name} round ${round + 1}: ${outcomes.length} rows (${ok} loaded) from ${(file.length / 1e6).toFixed(1)} MB: ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU = ${Math.round(outcomes.length / cpuSeconds)} rows per CPU-second`,
    );
  }
}

measure('visit rows, UTF-8', 'bv-bai-chay.yaml', 'bv-bai-chay-luot-kham.csv', /BC\d{10}/g);
measure(
  'patient rows, Windows-1258',
  'bvdk-tinh-quang-ninh.yaml',
  'bvdk-benh-nhan.csv',
  /^\d{8}/gm,
);
