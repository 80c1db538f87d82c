/**
 * Summarises a V8 CPU profile (.cpuprofile, as written by `node --cpu-prof` or by the booking
 * benchmark with QN_BENCH_API_PROFILE) as Markdown: where the time went by package, the
 * functions with the most self time, and the time spent under each ehr-api source file.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [requests]
 *
 * With `requests` (the answers given while profiling), times are also shown per request.
 * Written by hand: the profile viewers (Chrome DevTools, speedscope) are interactive, and what is
 * wanted here is a short table grouped by package, to paste into a report.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** The package a frame belongs to: an npm package, `ehr-api/<folder>`, `node` (built-ins) or a V8 pseudo-frame. */
function packageOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName)) return frame.functionName;
  const url = frame.url;
  if (url === '' || url.startsWith('node:')) return 'node';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '?');
  }
  if (url.startsWith('wasm://')) return 'wasm';
  const src = url.match(
    /\/(ehr-api|contracts|card-crypto|fhir-profiles|bench)\/(?:src\/)?(?:([^/]+)\/)?/,
  );
  if (src) return src[1] === 'ehr-api' ? `ehr-api/${src[2] ?? ''}` : (src[1] ?? '?');
  return url;
}

/** The brief's buckets: which part of the stack a package is. */
const BUCKETS: Array<[string, RegExp]> = [
  [
    'MongoDB: mongoose, driver, bson',
    /^(mongoose|mongodb|bson|mquery|@mongodb-js\/.*|kareem|sift|mpath)$/,
  ],
  [
    'HTTP: express and its middleware',
    /^(express|router|body-parser|raw-body|finalhandler|send|serve-static|path-to-regexp|qs|type-is|content-type|iconv-lite|on-finished|cookie|accepts|negotiator|mime-types|statuses|http-errors|depd|debug|vary|etag|fresh|parseurl|proxy-addr|ipaddr\.js|forwarded|encodeurl|escape-html|range-parser|media-typer|cors|helmet|compression)$/,
  ],
  ['zod (validation)', /^zod$/],
  ['auth crypto: jose, argon2', /^(jose|argon2|@node-rs\/argon2|@node-rs\/.*|@phc\/.*)$/],
  [
    'pino (logging)',
    /^(pino|pino-http|@pinojs\/redact|pino-std-serializers|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free|safe-stable-stringify|atomic-sleep)$/,
  ],
  ['ehr-api audit', /^ehr-api\/audit$/],
  ['ehr-api auth', /^ehr-api\/auth$/],
  ['ehr-api scheduling', /^ehr-api\/scheduling$/],
  ['ehr-api, other', /^ehr-api\//],
  ['fhir-kit-client / HTTP client', /^(fhir-kit-client|undici|cross-fetch|node-fetch)$/],
  ["WebAssembly (likely undici's HTTP parser, fetch)", /^wasm$/],
  ['rate limiter (express-rate-limit)', /^express-rate-limit$/],
  ['benchmark instrumentation (bench/api-process.ts)', /^bench$/],
  ['garbage collector', /^\(garbage collector\)$/],
  ['idle / program', /^\((idle|program|root)\)$/],
  ['node built-ins not charged to a caller', /^node$/],
];

function bucketOf(pkg: string): string {
  return BUCKETS.find(([, re]) => re.test(pkg))?.[0] ?? `other: ${pkg}`;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by package, node built-ins charged to the package that called them. */
  byPackage: Array<[string, number]>;
  byBucket: Array<[string, number]>;
  topFunctions: Array<{ name: string; where: string; ms: number }>;
  /** Time with an ehr-api file anywhere on the stack (each sample once per file). */
  underEhrApiFile: Array<[string, number]>;
}

export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);

  // Sample i lasts until sample i + 1 (timeDeltas[i + 1] microseconds); the last one, the mean.
  const deltas = profile.timeDeltas;
  const mean = (profile.endTime - profile.startTime) / Math.max(1, deltas.length);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const us = i + 1 < deltas.length ? deltas[i + 1]! : mean;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }

  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    total += us;
    const node = byId.get(id)!;
    const frame = node.callFrame;
    add(
      functions,
      `${frame.functionName || '(anonymous)'}\t${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : packageOf(frame)}`,
      us,
    );
    // Built-ins (node:*, V8 natives) are charged to the nearest caller outside them.
    let charged = packageOf(frame);
    for (let up = parent.get(id); charged === 'node' && up !== undefined; up = parent.get(up)) {
      const p = packageOf(byId.get(up)!.callFrame);
      if (p !== 'node' && p !== '(root)') charged = p;
    }
    add(packages, charged, us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      const m = url.match(/\/ehr-api\/src\/(.+)$/);
      if (m?.[1] && !seen.has(m[1])) {
        seen.add(m[1]);
        add(files, m[1], us);
      }
    }
  }
  const buckets = new Map<string, number>();
  for (const [pkg, us] of packages) add(buckets, bucketOf(pkg), us);
  const sorted = (map: Map<string, number>): Array<[string, number]> =>
    [...map.entries()]
      .map(([k, us]): [string, number] => [k, us / 1000])
      .sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total / 1000,
    byPackage: sorted(packages),
    byBucket: sorted(buckets),
    topFunctions: sorted(functions)
      .slice(0, 25)
      .map(([key, ms]) => {
        const [name = '', where = ''] = key.split('\t');
        return { name, where, ms };
      }),
    underEhrApiFile: sorted(files).slice(0, 20),
  };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const repo = url.indexOf('/work/main/');
  return repo >= 0 ? url.slice(repo + '/work/main/'.length) : url.replace(/^file:\/\//, '');
}

export function renderProfileSummary(s: ProfileSummary, requests?: number): string {
  const per = (ms: number): string => (requests ? ` | ${(ms / requests).toFixed(2)} ms` : '');
  const head = (first: string): string[] => [
    `| ${first} | ms | share${requests ? ` | per request (${requests})` : ''} |`,
    `| --- | --- | ---${requests ? ' | ---' : ''} |`,
  ];
  const row = (label: string, ms: number): string =>
    `| ${label} | ${ms.toFixed(0)} | ${((100 * ms) / s.totalMs).toFixed(1)} %${per(ms)} |`;
  return [
    `Profile: ${(s.totalMs / 1000).toFixed(1)} s sampled.`,
    '',
    '### By part of the stack (self time; node built-ins charged to their caller)',
    '',
    ...head('part'),
    ...s.byBucket.map(([k, ms]) => row(k, ms)),
    '',
    '### By package',
    '',
    ...head('package'),
    ...s.byPackage.slice(0, 25).map(([k, ms]) => row(`\`${k}\``, ms)),
    '',
    '### Functions with the most self time',
    '',
    ...head('function'),
    ...s.topFunctions.map((f) => row(`\`${f.name}\` ${f.where}`, f.ms)),
    '',
    '### Time with an ehr-api file on the stack (inclusive)',
    '',
    ...head('file'),
    ...s.underEhrApiFile.map(([k, ms]) => row(`\`${k}\``, ms)),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, requests] = process.argv.slice(2);
  if (!file) {
    console.error(
      `usage: npx tsx ${path.relative(process.cwd(), process.argv[1] ?? '')} <file.cpuprofile> [requests]`,
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(
    renderProfileSummary(summariseProfile(profile), requests ? Number(requests) : undefined),
  );
}
