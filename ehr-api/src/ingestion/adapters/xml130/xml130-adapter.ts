/**
 * Source adapter for the Ministry of Health claim tables (Decision 130/QĐ-BYT, amended by
 * 4750/QĐ-BYT): one GIAMDINHHS file in, one outcome per MA_LK out, in file order, then one rejection
 * per MA_LK that only the detail tables name. See the README beside this file for the rules.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { AdapterContext, ParseOutcome, RecordIssue, SourceAdapter } from '../../model.js';
import { mapClaim, type ClaimRows } from './claim.js';
import { FACILITY_CODE_BY_HOSPITAL, hospitalOfFacility } from './codes.js';
import { readEnvelope, type Envelope, type Hoso } from './envelope.js';
import { TABLES, type Row, type TableType } from './tables.js';

const DEFAULT_SOURCE_SYSTEM = 'XML130';
const DETAIL_TABLES = ['XML2', 'XML3', 'XML4', 'XML5'] as const satisfies readonly TableType[];
type DetailTable = (typeof DETAIL_TABLES)[number];

const rawBuilder = new XMLBuilder({ format: false, suppressEmptyNode: true });

/** The rows of one claim as XML again (normalised: values trimmed, empty fields left out), for `raw`. */
function rawOf(rows: Partial<ClaimRows>): string {
  const tree: Record<string, unknown> = {};
  if (rows.xml1) tree[TABLES.XML1.row] = rows.xml1;
  for (const table of DETAIL_TABLES) {
    const tableRows = rows[table];
    if (tableRows && tableRows.length > 0) tree[TABLES[table].row] = tableRows;
  }
  return rawBuilder.build(tree);
}

interface Claim {
  key: string;
  hoso: Hoso;
  rows: ClaimRows;
  duplicate: boolean;
  /** Rows came from another HOSO: the HOSO's own text is not this claim's whole source. */
  crossHoso: boolean;
}

/**
 * A claim's source text: when it is the only claim of its HOSO (how hospital software exports), the
 * HOSO's tables exactly as written; otherwise its rows rebuilt as XML, so no other patient's rows
 * are kept with it.
 */
function claimRaw(claim: Claim, claimsInHoso: number): string {
  if (claimsInHoso === 1 && !claim.crossHoso) return claim.hoso.tables.map((t) => t.xml).join('\n');
  return rawOf(claim.rows);
}

function reject(sourceRecordId: string, issues: RecordIssue[], raw: string): ParseOutcome {
  return { ok: false, sourceRecordId, issues, raw };
}

function facilityIssues(envelope: Envelope, context: AdapterContext): RecordIssue[] {
  if (envelope.facilityCode === undefined) {
    return [
      {
        severity: 'warning',
        location: 'THONGTINDONVI/MACSKCB',
        code: 'missing-field',
        message: 'MACSKCB is empty: the file does not say which facility sent it.',
      },
    ];
  }
  const sender = hospitalOfFacility(envelope.facilityCode);
  if (sender !== undefined && sender !== context.hospital) {
    return [
      {
        severity: 'error',
        location: 'THONGTINDONVI/MACSKCB',
        code: 'facility-mismatch',
        message: `MACSKCB ${envelope.facilityCode} is ${sender}, but the file was submitted for ${context.hospital} (${FACILITY_CODE_BY_HOSPITAL[context.hospital]}).`,
      },
    ];
  }
  return [];
}

function claimFacilityIssues(xml1: Row, context: AdapterContext): RecordIssue[] {
  const sender = xml1.MA_CSKCB !== undefined ? hospitalOfFacility(xml1.MA_CSKCB) : undefined;
  if (sender === undefined || sender === context.hospital) return [];
  return [
    {
      severity: 'error',
      location: 'XML1/MA_CSKCB',
      code: 'facility-mismatch',
      message: `MA_CSKCB ${xml1.MA_CSKCB} is ${sender}, not ${context.hospital}.`,
    },
  ];
}

function parseFile(input: Buffer, context: AdapterContext): ParseOutcome[] {
  const read = readEnvelope(input);
  if (!read.ok)
    return [
      reject(context.sourceName, [read.issue], input.subarray(0, 64 * 1024).toString('utf8')),
    ];
  const { envelope } = read;
  const sourceSystem = envelope.software ?? DEFAULT_SOURCE_SYSTEM;
  const fileIssues = facilityIssues(envelope, context);
  const fileErrors = fileIssues.filter((i) => i.severity === 'error');
  const fileWarnings = fileIssues.filter((i) => i.severity === 'warning');
  if (
    envelope.declaredCount !== undefined &&
    envelope.declaredCount !== String(envelope.hosos.length)
  ) {
    fileWarnings.push({
      severity: 'warning',
      location: 'THONGTINHOSO/SOLUONGHOSO',
      code: 'count-mismatch',
      message: `SOLUONGHOSO says ${envelope.declaredCount} HOSO but the file has ${envelope.hosos.length}.`,
    });
  }

  // Pass 1: every XML1 row is a claim; the first of a MA_LK wins, a later one is a duplicate.
  const claims: Claim[] = [];
  const firstByMaLk = new Map<string, Claim>();
  const claimByHosoAndMaLk = new Map<string, Claim>();
  const outcomes: ParseOutcome[] = [];
  for (const hoso of envelope.hosos) {
    for (const table of hoso.tables.filter((t) => t.type === 'XML1')) {
      for (const xml1 of table.rows) {
        const maLk = xml1.MA_LK;
        if (maLk === undefined) {
          const name = xml1.MA_BN !== undefined ? ` (MA_BN ${xml1.MA_BN})` : '';
          outcomes.push(
            reject(
              `${context.sourceName}#HOSO[${hoso.index}]`,
              [
                {
                  severity: 'error',
                  location: 'XML1/MA_LK',
                  code: 'missing-ma-lk',
                  message: `An XML1 record${name} has no MA_LK, which links it to the other tables.`,
                },
              ],
              rawOf({ xml1 }),
            ),
          );
          continue;
        }
        const key = `${hoso.index}|${maLk}`;
        const claim: Claim = {
          key,
          hoso,
          rows: { xml1, XML2: [], XML3: [], XML4: [], XML5: [] },
          duplicate: firstByMaLk.has(maLk),
          crossHoso: false,
        };
        claims.push(claim);
        if (!claim.duplicate) firstByMaLk.set(maLk, claim);
        if (!claimByHosoAndMaLk.has(key)) claimByHosoAndMaLk.set(key, claim);
      }
    }
  }

  // Pass 2: detail rows go to the claim of their MA_LK in the same HOSO, else to the file's claim of
  // that MA_LK; the rest are orphans.
  const orphans = new Map<
    string,
    { firstTable: DetailTable; rows: Partial<ClaimRows> & Record<DetailTable, Row[]> }
  >();
  const xml1Failed = new Map<
    number,
    Map<string, Partial<ClaimRows> & Record<DetailTable, Row[]>>
  >();
  for (const hoso of envelope.hosos) {
    // A failure not in XML2–XML5 (XML1 itself, or a FILEHOSO without LOAIHOSO) may have hidden this HOSO's XML1.
    const hosoXml1Failed = hoso.failures.some((f) => !/\/XML[2-5]\//.test(f.issue.location));
    for (const table of hoso.tables) {
      if (table.type === 'XML1') continue;
      const type = table.type;
      const rowsWithoutMaLk = table.rows.filter((row) => row.MA_LK === undefined);
      if (rowsWithoutMaLk.length > 0) {
        outcomes.push(
          reject(
            `${context.sourceName}#HOSO[${hoso.index}]/${type}`,
            [
              {
                severity: 'error',
                location: `${type}/MA_LK`,
                code: 'missing-ma-lk',
                message: `${rowsWithoutMaLk.length} ${type} row(s) in HOSO ${hoso.index} have no MA_LK and cannot be linked to a record.`,
              },
            ],
            rawOf({ [type]: rowsWithoutMaLk }),
          ),
        );
      }
      for (const row of table.rows) {
        const maLk = row.MA_LK;
        if (maLk === undefined) continue;
        const claim =
          claimByHosoAndMaLk.get(`${hoso.index}|${maLk}`) ??
          (hosoXml1Failed ? undefined : firstByMaLk.get(maLk));
        if (claim) {
          claim.rows[type].push(row);
          if (claim.hoso !== hoso) claim.crossHoso = true;
          continue;
        }
        if (hosoXml1Failed) {
          const byMaLk =
            xml1Failed.get(hoso.index) ??
            new Map<string, Partial<ClaimRows> & Record<DetailTable, Row[]>>();
          xml1Failed.set(hoso.index, byMaLk);
          const rows = byMaLk.get(maLk) ?? { XML2: [], XML3: [], XML4: [], XML5: [] };
          byMaLk.set(maLk, rows);
          rows[type].push(row);
          continue;
        }
        const orphan = orphans.get(maLk) ?? {
          firstTable: type,
          rows: { XML2: [], XML3: [], XML4: [], XML5: [] },
        };
        orphans.set(maLk, orphan);
        orphan.rows[type].push(row);
      }
    }
  }

  const claimsPerHoso = new Map<Hoso, number>();
  for (const claim of claims)
    claimsPerHoso.set(claim.hoso, (claimsPerHoso.get(claim.hoso) ?? 0) + 1);
  for (const claim of claims) {
    const maLk = claim.rows.xml1.MA_LK as string;
    const raw = claimRaw(claim, claimsPerHoso.get(claim.hoso) ?? 0);
    const inherited = [
      ...claim.hoso.failures.map((f) => f.issue),
      ...fileErrors,
      ...claimFacilityIssues(claim.rows.xml1, context),
    ];
    if (claim.duplicate) {
      inherited.unshift({
        severity: 'error',
        location: 'XML1/MA_LK',
        code: 'duplicate-record',
        message: `MA_LK ${maLk} appears more than once in this file; only its first XML1 record is loaded.`,
      });
    }
    const mapped = mapClaim(claim.rows, context, sourceSystem);
    const warnings = [...fileWarnings, ...claim.hoso.warnings];
    if (inherited.length > 0) {
      outcomes.push(
        reject(
          maLk,
          [...inherited, ...(mapped.ok ? [...mapped.warnings] : mapped.issues), ...warnings],
          raw,
        ),
      );
    } else if (!mapped.ok) {
      outcomes.push(reject(maLk, [...mapped.issues, ...warnings], raw));
    } else {
      outcomes.push({
        ok: true,
        record: mapped.record,
        warnings: [...mapped.warnings, ...warnings],
        raw,
      });
    }
  }

  // A HOSO whose tables could not all be read: its claims were rejected above; without a claim,
  // each MA_LK its readable tables name is rejected, or the HOSO as a whole when none is known.
  for (const hoso of envelope.hosos) {
    if (hoso.failures.length === 0 || claims.some((c) => c.hoso === hoso)) continue;
    const issues = hoso.failures.map((f) => f.issue);
    const byMaLk = xml1Failed.get(hoso.index);
    if (byMaLk && byMaLk.size > 0) {
      for (const [maLk, rows] of byMaLk) outcomes.push(reject(maLk, issues, rawOf(rows)));
    } else {
      outcomes.push(
        reject(
          `${context.sourceName}#HOSO[${hoso.index}]`,
          issues,
          hoso.failures.map((f) => f.raw).join('\n'),
        ),
      );
    }
  }

  for (const [maLk, orphan] of orphans) {
    const tables = DETAIL_TABLES.filter((t) => orphan.rows[t].length > 0).join(', ');
    outcomes.push(
      reject(
        maLk,
        [
          {
            severity: 'error',
            location: `${orphan.firstTable}/MA_LK`,
            code: 'missing-ma-lk',
            message: `${tables} row(s) name MA_LK ${maLk}, but no XML1 record in this file has that MA_LK.`,
          },
        ],
        rawOf(orphan.rows),
      ),
    );
  }
  return outcomes;
}

export const xml130Adapter: SourceAdapter = {
  format: 'xml130',
  parse(input: Buffer, context: AdapterContext): Iterable<ParseOutcome> {
    try {
      return parseFile(input, context);
    } catch (error) {
      // The contract is "never throws": a bug or a parser limit becomes a rejection that says so.
      const message = error instanceof Error ? error.message : String(error);
      return [
        reject(
          context.sourceName,
          [
            {
              severity: 'error',
              location: 'file',
              code: 'unreadable-file',
              message: `The file could not be read: ${message}`,
            },
          ],
          input.subarray(0, 64 * 1024).toString('utf8'),
        ),
      ];
    }
  },
};
