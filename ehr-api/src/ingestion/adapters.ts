import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { badRequest } from '../errors/http-error.js';
import type { HospitalCode, SourceAdapter, SourceFormat } from './model.js';
import { hl7v2Adapter } from './adapters/hl7v2/index.js';
import { xml130Adapter } from './adapters/xml130/index.js';
import { csvAdapter, loadCsvMapping, type CsvMapping } from './adapters/csv/index.js';

/** The column-mapping files of the three hospitals' CSV exports, shipped with the API. */
export const CSV_MAPPINGS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'src',
  'ingestion',
  'adapters',
  'csv',
  'mappings',
);

/** Picks the adapter for a format; CSV needs the hospital's column mapping. */
export class AdapterRegistry {
  private readonly mappings = new Map<HospitalCode, CsvMapping>();

  constructor(private readonly mappingsDir: string = CSV_MAPPINGS_DIR) {}

  forFormat(format: SourceFormat, hospital: HospitalCode, mappingFile?: string): SourceAdapter {
    if (format === 'hl7v2') return hl7v2Adapter;
    if (format === 'xml130') return xml130Adapter;
    return csvAdapter(this.mapping(hospital, mappingFile));
  }

  private mapping(hospital: HospitalCode, mappingFile?: string): CsvMapping {
    if (mappingFile) return loadCsvMapping(mappingFile);
    let mapping = this.mappings.get(hospital);
    if (!mapping) {
      try {
        mapping = loadCsvMapping(path.join(this.mappingsDir, `${hospital}.yaml`));
      } catch (error) {
        throw badRequest(
          `No CSV column mapping for ${hospital}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.mappings.set(hospital, mapping);
    }
    return mapping;
  }
}
