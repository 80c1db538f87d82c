import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHl7v2 } from '../adapters/hl7v2/index.js';
import { writeXml130 } from '../adapters/xml130/index.js';
import { loadCsvMapping, writeCsv } from '../adapters/csv/index.js';
import { CSV_MAPPINGS_DIR } from '../adapters.js';
import type { HospitalCode, SourceFormat } from '../model.js';
import { demoPopulation } from './population.js';

/** Where the demo exports live in the repository (ehr-api/demo-data), next to src/ and dist/. */
export const DEMO_DATA_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'demo-data',
);

/** One export file of the demo: which hospital sent it, in which format, and the CSV mapping it needs. */
export interface DemoExport {
  hospital: HospitalCode;
  format: SourceFormat;
  file: string;
  mapping?: string;
}

/** The files, in the order a hospital would send them (registrations before visits, visits before results). */
export const DEMO_EXPORTS: DemoExport[] = [
  {
    hospital: 'bvdk-tinh-quang-ninh',
    format: 'hl7v2',
    file: 'bvdk-tinh-quang-ninh/01-dang-ky-benh-nhan.hl7',
  },
  {
    hospital: 'bvdk-tinh-quang-ninh',
    format: 'hl7v2',
    file: 'bvdk-tinh-quang-ninh/02-luot-kham-va-ket-qua.hl7',
  },
  {
    hospital: 'bv-san-nhi-quang-ninh',
    format: 'xml130',
    file: 'bv-san-nhi-quang-ninh/giam-dinh-bhyt-130.xml',
  },
  {
    hospital: 'bv-bai-chay',
    format: 'csv',
    file: 'bv-bai-chay/luot-kham.csv',
    mapping: 'bv-bai-chay.yaml',
  },
  {
    hospital: 'bv-bai-chay',
    format: 'csv',
    file: 'bv-bai-chay/xet-nghiem.csv',
    mapping: 'bv-bai-chay-xet-nghiem.yaml',
  },
];

/**
 * Writes the demo population as each hospital's software would export it, through our own writers:
 * HL7 v2 (registrations in Windows-1258, as the old admission system writes them; visits and results
 * in UTF-8), one Decision 130 claim file, and two CSV files with their column mappings.
 */
export async function writeDemoExports(
  dir: string = DEMO_DATA_DIR,
  size = 240,
): Promise<Array<{ file: string; records: number; bytes: number }>> {
  const { records } = demoPopulation(size);
  const written: Array<{ file: string; records: number; bytes: number }> = [];
  const save = async (relative: string, content: Buffer, count: number): Promise<void> => {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push({ file: relative, records: count, bytes: content.length });
  };
  const messageTime = new Date('2026-11-20T03:00:00Z');
  const dkt = records['bvdk-tinh-quang-ninh'];
  const registrations = dkt.filter((r) => r.event === 'register');
  const visits = dkt.filter((r) => r.event !== 'register');
  await save(
    DEMO_EXPORTS[0]!.file,
    Buffer.concat(
      registrations.map((r) =>
        Buffer.concat([
          writeHl7v2(r, { encoding: 'windows-1258', version: '2.3', messageTime }),
          Buffer.from('\n'),
        ]),
      ),
    ),
    registrations.length,
  );
  await save(
    DEMO_EXPORTS[1]!.file,
    Buffer.concat(
      visits.map((r) =>
        Buffer.concat([
          writeHl7v2(r, { encoding: 'utf-8', version: '2.5', messageTime }),
          Buffer.from('\n'),
        ]),
      ),
    ),
    visits.length,
  );
  const sanNhi = records['bv-san-nhi-quang-ninh'];
  await save(
    DEMO_EXPORTS[2]!.file,
    writeXml130(sanNhi, {
      facilityCode: '22017',
      createdAt: messageTime,
      softwareName: 'HIS Sản Nhi',
    }),
    sanNhi.length,
  );
  const baiChay = records['bv-bai-chay'];
  const visitMapping = loadCsvMapping(path.join(CSV_MAPPINGS_DIR, DEMO_EXPORTS[3]!.mapping!));
  const labMapping = loadCsvMapping(path.join(CSV_MAPPINGS_DIR, DEMO_EXPORTS[4]!.mapping!));
  await save(
    DEMO_EXPORTS[3]!.file,
    writeCsv(
      baiChay.map((r) => ({ ...r, labResults: [] })),
      visitMapping,
    ),
    baiChay.length,
  );
  const withLabs = baiChay.filter((r) => r.labResults.length > 0);
  await save(
    DEMO_EXPORTS[4]!.file,
    writeCsv(withLabs, labMapping),
    withLabs.reduce((n, r) => n + r.labResults.length, 0),
  );
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await writeDemoExports();
  for (const w of written)
    console.log(`${w.file}: ${w.records} records, ${(w.bytes / 1024).toFixed(0)} KiB`);
}
