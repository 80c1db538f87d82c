export { csvAdapter } from './csv-adapter.js';
export {
  CsvMappingError,
  csvMappingSchema,
  loadCsvMapping,
  parseCsvMapping,
  validateCsvMapping,
  type CsvMapping,
  type CsvMappingInput,
} from './mapping.js';
export { writeCsv } from './writer.js';
