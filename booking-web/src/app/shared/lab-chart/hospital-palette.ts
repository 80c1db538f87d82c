/**
 * One colour (and one chart point shape) per hospital, the same on every staff screen, so a
 * doctor learns "blue is the provincial hospital" once. Colours keep at least 4.5:1 contrast
 * on white for text; the name is always written beside the colour, and charts add a shape.
 */
export interface HospitalStyle {
  /** Text and border colour. */
  readonly ink: string;
  /** Light background for badges. */
  readonly tint: string;
  /** Chart.js point style. */
  readonly point: 'circle' | 'triangle' | 'rectRot' | 'rect' | 'star' | 'crossRot';
}

/** The three hospitals of the project (their Organization ids in HAPI). */
const KNOWN: Record<string, HospitalStyle> = {
  'bvdk-tinh-quang-ninh': { ink: '#0b5394', tint: '#e4eef8', point: 'circle' },
  'bv-san-nhi-quang-ninh': { ink: '#8e2470', tint: '#f7e6f1', point: 'triangle' },
  'bv-bai-chay': { ink: '#0d6b4e', tint: '#e2f3ec', point: 'rectRot' },
};

/** For hospitals that join later: picked by a stable hash of the id. */
const EXTRA: readonly HospitalStyle[] = [
  { ink: '#8a4b00', tint: '#fbefdf', point: 'rect' },
  { ink: '#4b3b99', tint: '#ecebfa', point: 'star' },
  { ink: '#6b5b00', tint: '#f6f2d8', point: 'crossRot' },
];

export function hospitalStyle(hospitalId: string): HospitalStyle {
  const known = KNOWN[hospitalId];
  if (known) return known;
  let hash = 0;
  for (const char of hospitalId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return EXTRA[hash % EXTRA.length]!;
}
