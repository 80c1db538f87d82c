import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import Table from 'cli-table3';
import {
  HOSPITAL_CODES,
  SOURCE_FORMATS,
  type HospitalCode,
  type ParseOutcome,
  type SourceFormat,
} from './model.js';
import type { IngestionService } from './ingestion-service.js';
import type { AdapterRegistry } from './adapters.js';

export const INGEST_USAGE = `usage: npm run ingest -- --hospital <${HOSPITAL_CODES.join('|')}> --format <${SOURCE_FORMATS.join('|')}> [--mapping <csv-mapping.yaml>] <file-or-folder>...`;

export interface IngestArguments {
  hospital: HospitalCode;
  format: SourceFormat;
  mapping?: string;
  paths: string[];
}

/** Reads the command line; a mistake gives a message that says what to type instead. */
export function parseIngestArguments(argv: string[]): IngestArguments {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hospital: { type: 'string' },
      format: { type: 'string' },
      mapping: { type: 'string' },
    },
  });
  const hospital = values.hospital as HospitalCode | undefined;
  const format = values.format as SourceFormat | undefined;
  if (!hospital || !HOSPITAL_CODES.includes(hospital))
    throw new Error(`--hospital must be one of ${HOSPITAL_CODES.join(', ')}\n${INGEST_USAGE}`);
  if (!format || !SOURCE_FORMATS.includes(format))
    throw new Error(`--format must be one of ${SOURCE_FORMATS.join(', ')}\n${INGEST_USAGE}`);
  if (positionals.length === 0)
    throw new Error(`name at least one file or folder\n${INGEST_USAGE}`);
  return {
    hospital,
    format,
    ...(values.mapping ? { mapping: values.mapping } : {}),
    paths: positionals,
  };
}

const EXTENSIONS: Record<SourceFormat, string[]> = {
  hl7v2: ['.hl7', '.txt', '.er7'],
  xml130: ['.xml'],
  csv: ['.csv', '.txt'],
};

/** The files to load: each file named, and the files of each folder named (sorted, so runs are repeatable). */
export async function filesToIngest(paths: string[], format: SourceFormat): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    const info = await stat(entry);
    if (info.isDirectory()) {
      const names = (await readdir(entry))
        .filter((name) => EXTENSIONS[format].includes(path.extname(name).toLowerCase()))
        .sort();
      files.push(...names.map((name) => path.join(entry, name)));
    } else files.push(entry);
  }
  return files;
}

export interface FileResult {
  file: string;
  jobId: string;
  received: number;
  loaded: number;
  merged: number;
  rejected: number;
  seconds: number;
}

/**
 * Loads files one job each, with a progress bar per file on a terminal (a line per file otherwise)
 * and a summary table at the end, then the reasons of the rejected records.
 */
export async function runIngest(
  args: IngestArguments,
  service: IngestionService,
  adapters: AdapterRegistry,
  options: { createdBy: string; quiet?: boolean; summary?: boolean },
): Promise<FileResult[]> {
  const files = await filesToIngest(args.paths, args.format);
  const results: FileResult[] = [];
  const interactive = process.stdout.isTTY && !options.quiet;
  for (const file of files) {
    const adapter = adapters.forFormat(args.format, args.hospital, args.mapping);
    const outcomes: ParseOutcome[] = [
      ...adapter.parse(await readFile(file), {
        hospital: args.hospital,
        sourceName: path.basename(file),
      }),
    ];
    const bar = interactive
      ? new SingleBar(
          {
            format: `${path.basename(file)} [{bar}] {value}/{total} records | loaded {loaded} merged {merged} rejected {rejected} | {eta_formatted} left`,
            hideCursor: true,
          },
          Presets.shades_classic,
        )
      : undefined;
    bar?.start(outcomes.length, 0, { loaded: 0, merged: 0, rejected: 0 });
    const started = performance.now();
    let lastLine = 0;
    const summary = await service.ingest(outcomes, {
      hospital: args.hospital,
      format: args.format,
      source: path.basename(file),
      createdBy: options.createdBy,
      onProgress: ({ processed, counts }) => {
        bar?.update(processed, counts);
        if (
          !bar &&
          !options.quiet &&
          (processed - lastLine >= 200 || processed === outcomes.length)
        ) {
          lastLine = processed;
          console.log(
            `${path.basename(file)}: ${processed}/${outcomes.length} records (loaded ${counts.loaded}, merged ${counts.merged}, rejected ${counts.rejected})`,
          );
        }
      },
    });
    bar?.stop();
    results.push({
      file,
      jobId: summary.job._id,
      ...summary.counts,
      seconds: (performance.now() - started) / 1000,
    });
  }
  if (options.summary === false && !options.quiet) {
    for (const r of results)
      console.log(
        `${path.basename(r.file)}: ${r.received} records: ${r.loaded} loaded, ${r.merged} merged or unchanged, ${r.rejected} rejected (${r.seconds.toFixed(1)} s)`,
      );
  }
  if (!options.quiet && options.summary !== false) {
    const table = new Table({
      head: ['file', 'records', 'loaded', 'merged', 'rejected', 'records/s', 'job'],
    });
    for (const r of results)
      table.push([
        path.basename(r.file),
        r.received,
        r.loaded,
        r.merged,
        r.rejected,
        (r.received / Math.max(r.seconds, 0.001)).toFixed(0),
        r.jobId,
      ]);
    console.log(table.toString());
    for (const r of results.filter((result) => result.rejected > 0)) {
      const rejected = await service.rejectedRecords(r.jobId, { offset: 0, limit: 10 });
      console.log(
        `\nRejected in ${path.basename(r.file)} (first ${rejected.length} of ${r.rejected}; all at GET /api/ingestion/jobs/${r.jobId}/rejected):`,
      );
      for (const record of rejected) {
        const reasons = (record.outcome?.issue as Array<{ diagnostics?: string }> | undefined)
          ?.map((issue) => issue.diagnostics)
          .join('; ');
        console.log(`  ${record.sourceRecordId}: ${reasons ?? 'no reason recorded'}`);
      }
    }
  }
  return results;
}
