/**
 * Reads the GIAMDINHHS envelope: THONGTINDONVI, THONGTINHOSO and, for each HOSO, each FILEHOSO's
 * NOIDUNGFILE decoded from base64 and parsed as the table its LOAIHOSO names. A FILEHOSO that cannot
 * be read becomes a failure of its HOSO; the other HOSO still come through.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RecordIssue } from '../../model.js';
import { TABLES, TABLE_TYPES, type Row, type TableType } from './tables.js';

export interface DecodedTable {
  type: TableType;
  rows: Row[];
  /** The decoded NOIDUNGFILE, exactly as the hospital wrote it. */
  xml: string;
}

export interface TableFailure {
  issue: RecordIssue;
  /** The NOIDUNGFILE as it was in the file, or the decoded text when decoding got that far. */
  raw: string;
}

export interface Hoso {
  /** 1-based position in DANHSACHHOSO, for messages. */
  index: number;
  tables: DecodedTable[];
  failures: TableFailure[];
  /** Things worth telling but not rejecting for: tables this adapter does not read, odd fields. */
  warnings: RecordIssue[];
}

export interface Envelope {
  facilityCode?: string;
  createdOn?: string;
  declaredCount?: string;
  /** Not in the decision: the name some vendors write in THONGTINDONVI/PHAN_MEM (see the README). */
  software?: string;
  hosos: Hoso[];
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; issue: RecordIssue };

// Values stay strings ("0012" must not become 12); rows and envelope lists are always arrays so a
// file with one HOSO or one row looks like a file with many. `jPath: false` spares building a path
// string per element (a third of the parse time); NOIDUNGFILE is a stop node, its base64 taken as is.
const envelopeParser = new XMLParser({
  parseTagValue: false,
  trimValues: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  jPath: false,
  stopNodes: ['*.NOIDUNGFILE'],
  isArray: (tagName) => tagName === 'HOSO' || tagName === 'FILEHOSO',
});
// Tables are parsed keeping document order (`preserveOrder`): it skips the library's second pass
// that folds the tree into objects, which made parsing about twice as slow; rows are flat, so
// reading them from the ordered form is simple.
const tableParser = new XMLParser({
  parseTagValue: false,
  trimValues: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  preserveOrder: true,
});

/** One element of the ordered form: `{ TAG: children }`, or a text node `{ '#text': value }`. */
type OrderedNode = Record<string, unknown>;

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== '#text' && key !== ':@');
}

function childrenOf(node: OrderedNode, tag: string): OrderedNode[] {
  const children = node[tag];
  return Array.isArray(children) ? (children as OrderedNode[]) : [];
}

function elements(nodes: OrderedNode[], tag: string): OrderedNode[] {
  return nodes.filter((node) => tagOf(node) === tag);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function issue(
  location: string,
  code: string,
  message: string,
  severity: RecordIssue['severity'] = 'error',
): RecordIssue {
  return { severity, location, code, message };
}

/** UTF-8 (the decision's encoding, BOM allowed), or UTF-16 when a BOM says so. */
export function decodeXmlBytes(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The 1-based line of the first byte that is not valid UTF-8, for the encoding message. */
function firstBadUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        utf8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  return undefined;
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return undefined;
}

/**
 * One row element → field → value. An empty element and a missing one are the same; a field that
 * holds child elements, or comes twice, is not a value of the decision's shape: warned about, and
 * the nested one left out (of a repeated one, the first is kept).
 */
function toRow(
  rowNode: OrderedNode,
  rowTag: string,
  location: string,
  warnings: RecordIssue[],
): Row {
  const row: Record<string, string> = {};
  for (const fieldNode of childrenOf(rowNode, rowTag)) {
    const field = tagOf(fieldNode);
    if (field === undefined) continue;
    const content = childrenOf(fieldNode, field);
    if (content.some((node) => tagOf(node) !== undefined)) {
      warnings.push(
        issue(
          `${location}/${field}`,
          'unexpected-structure',
          `${field} holds nested elements instead of one value; it was ignored.`,
          'warning',
        ),
      );
      continue;
    }
    if (Object.hasOwn(row, field)) {
      warnings.push(
        issue(
          `${location}/${field}`,
          'unexpected-structure',
          `${field} appears twice in one row; the first value was kept.`,
          'warning',
        ),
      );
      continue;
    }
    const value = content
      .map((node) => node['#text'])
      .filter((text): text is string => typeof text === 'string')
      .join('')
      .trim();
    if (value !== '') row[field] = value;
  }
  return row;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeTable(
  type: TableType,
  content: unknown,
  location: string,
  warnings: RecordIssue[],
): { ok: true; table: DecodedTable } | { ok: false; failure: TableFailure } {
  const encoded = typeof content === 'string' ? content.replace(/\s+/g, '') : undefined;
  if (encoded === undefined) {
    return {
      ok: false,
      failure: {
        issue: issue(
          location,
          'bad-base64',
          'NOIDUNGFILE must hold the table as base64 text; it holds XML elements or nothing.',
        ),
        raw: '',
      },
    };
  }
  if (encoded === '') {
    return {
      ok: false,
      failure: {
        issue: issue(location, 'bad-base64', 'NOIDUNGFILE is empty: the table is missing.'),
        raw: '',
      },
    };
  }
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    return {
      ok: false,
      failure: {
        issue: issue(
          location,
          'bad-base64',
          'NOIDUNGFILE is not valid base64 (characters outside A–Z, a–z, 0–9, +, / or a wrong length).',
        ),
        raw: encoded,
      },
    };
  }
  const bytes = Buffer.from(encoded, 'base64');
  const xml = decodeXmlBytes(bytes);
  if (xml === undefined) {
    return {
      ok: false,
      failure: {
        issue: issue(
          location,
          'encoding',
          `The decoded ${type} table is not UTF-8 text (first bad byte on line ${firstBadUtf8Line(bytes)}).`,
        ),
        raw: encoded,
      },
    };
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    return {
      ok: false,
      failure: {
        issue: issue(
          location,
          'malformed-xml',
          `The decoded ${type} table is not well-formed XML at line ${line}, column ${col}: ${msg}`,
        ),
        raw: xml,
      },
    };
  }
  const spec = TABLES[type];
  let top: OrderedNode[];
  try {
    top = tableParser.parse(xml) as OrderedNode[];
  } catch (error) {
    // The validator lets some broken markup through (a processing instruction left open) that the parser refuses.
    return {
      ok: false,
      failure: {
        issue: issue(
          location,
          'malformed-xml',
          `The decoded ${type} table is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`,
        ),
        raw: xml,
      },
    };
  }
  const rootNode = top.find((node) => tagOf(node) !== undefined);
  const rootName = rootNode ? tagOf(rootNode) : undefined;
  if (rootNode === undefined || rootName !== spec.root) {
    return {
      ok: false,
      failure: {
        issue: issue(
          location,
          'unexpected-root',
          `A ${type} table must have the root element <${spec.root}>; found <${rootName ?? 'nothing'}>.`,
        ),
        raw: xml,
      },
    };
  }
  const rowNodes =
    spec.list === undefined
      ? elements(top, spec.row)
      : elements(childrenOf(rootNode, spec.root), spec.list).flatMap((list) =>
          elements(childrenOf(list, spec.list as string), spec.row),
        );
  const rowLocation = location.replace(/\/NOIDUNGFILE$/, '');
  const rows = rowNodes.map((node, i) =>
    toRow(node, spec.row, `${rowLocation}/${spec.row}[${i + 1}]`, warnings),
  );
  return { ok: true, table: { type, rows, xml } };
}

function readHoso(value: unknown, index: number): Hoso {
  const hoso: Hoso = { index, tables: [], failures: [], warnings: [] };
  const files = asArray(asRecord(value)?.FILEHOSO);
  files.forEach((file, i) => {
    const element = asRecord(file) ?? {};
    const loaiHoSo = text(element.LOAIHOSO);
    if (loaiHoSo === undefined) {
      hoso.failures.push({
        issue: issue(
          `HOSO[${index}]/FILEHOSO[${i + 1}]/LOAIHOSO`,
          'missing-field',
          'LOAIHOSO is missing: the table type of this FILEHOSO is unknown.',
        ),
        raw: '',
      });
      return;
    }
    const type = loaiHoSo.toUpperCase();
    if (!(TABLE_TYPES as readonly string[]).includes(type)) {
      hoso.warnings.push(
        issue(
          `HOSO[${index}]/${type}`,
          'table-not-read',
          `Table ${type} is not read by this adapter (only XML1–XML5 are); its content was not loaded.`,
          'warning',
        ),
      );
      return;
    }
    const decoded = decodeTable(
      type as TableType,
      element.NOIDUNGFILE,
      `HOSO[${index}]/${type}/NOIDUNGFILE`,
      hoso.warnings,
    );
    if (decoded.ok) hoso.tables.push(decoded.table);
    else hoso.failures.push(decoded.failure);
  });
  if (hoso.tables.length === 0 && hoso.failures.length === 0) {
    // Otherwise a HOSO without a table this adapter reads would vanish from the counts unreported.
    hoso.failures.push({
      issue: issue(
        `HOSO[${index}]`,
        'missing-table',
        `HOSO ${index} holds no XML1–XML5 table: there is no claim in it to load.`,
      ),
      raw: '',
    });
  }
  return hoso;
}

export function readEnvelope(input: Uint8Array): EnvelopeResult {
  if (input.length === 0)
    return { ok: false, issue: issue('file', 'empty-file', 'The file is empty.') };
  const xml = decodeXmlBytes(input);
  if (xml === undefined) {
    return {
      ok: false,
      issue: issue(
        'file',
        'encoding',
        `The file is not UTF-8 text as the decision requires (first bad byte on line ${firstBadUtf8Line(input)}).`,
      ),
    };
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    return {
      ok: false,
      issue: issue(
        'file',
        'malformed-xml',
        `The file is not well-formed XML at line ${line}, column ${col} (a truncated file ends like this): ${msg}`,
      ),
    };
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = asRecord(envelopeParser.parse(xml)) ?? {};
  } catch (error) {
    // The validator lets some broken markup through (a processing instruction left open) that the parser refuses.
    return {
      ok: false,
      issue: issue(
        'file',
        'malformed-xml',
        `The file is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`,
      ),
    };
  }
  const root = asRecord(parsed.GIAMDINHHS);
  if (!root) {
    const found = Object.keys(parsed)[0];
    return {
      ok: false,
      issue: issue(
        'file',
        'unexpected-root',
        `The root element must be <GIAMDINHHS>; found <${found ?? 'nothing'}>.`,
      ),
    };
  }
  const unit = asRecord(root.THONGTINDONVI);
  const info = asRecord(root.THONGTINHOSO);
  const hosoValues = asArray(asRecord(info?.DANHSACHHOSO)?.HOSO);
  if (hosoValues.length === 0) {
    return {
      ok: false,
      issue: issue(
        'GIAMDINHHS/THONGTINHOSO/DANHSACHHOSO',
        'no-records',
        'The file has no HOSO: DANHSACHHOSO is missing or empty.',
      ),
    };
  }
  return {
    ok: true,
    envelope: {
      facilityCode: text(unit?.MACSKCB),
      software: text(unit?.PHAN_MEM),
      createdOn: text(info?.NGAYLAP),
      declaredCount: text(info?.SOLUONGHOSO),
      hosos: hosoValues.map((value, i) => readHoso(value, i + 1)),
    },
  };
}
