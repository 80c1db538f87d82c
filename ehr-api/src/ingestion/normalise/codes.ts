/**
 * Code tables the normaliser needs and no library carries: how Vietnamese lab reports write units,
 * and LOINC codes for the tests every hospital runs, keyed by the folded Vietnamese test name so the
 * same test from three hospitals lands on one trend line. LOINC codes and UCUM units are from
 * loinc.org and the UCUM specification; an unmapped test keeps its local code only, which the
 * profile allows.
 */
import { foldVietnamese } from '../../identity/normalize.js';

/** Unit as written on Vietnamese lab reports → UCUM code. "G/L" and "T/L" are giga/tera per litre. */
const UCUM_BY_UNIT: Record<string, string> = {
  'mmol/l': 'mmol/L',
  'µmol/l': 'umol/L',
  'umol/l': 'umol/L',
  'mg/l': 'mg/L',
  'mg/dl': 'mg/dL',
  'g/l': 'g/L',
  'g/dl': 'g/dL',
  'u/l': 'U/L',
  'iu/l': '[IU]/L',
  'ui/l': '[IU]/L',
  '%': '%',
  fl: 'fL',
  pg: 'pg',
  'giga/l': '10*9/L',
  'tera/l': '10*12/L',
  'x10^9/l': '10*9/L',
  '10^9/l': '10*9/L',
  'x10^12/l': '10*12/L',
  '10^12/l': '10*12/L',
  'ng/ml': 'ng/mL',
  'pg/ml': 'pg/mL',
  'miu/l': 'm[IU]/L',
  'µiu/ml': 'u[IU]/mL',
  'uiu/ml': 'u[IU]/mL',
  mmhg: 'mm[Hg]',
  s: 's',
  giây: 's',
  'mm/h': 'mm/h',
  'mm/giờ': 'mm/h',
};

/** "G/L" means giga per litre on a blood count, but it is also how some write g/L: the case decides. */
const CASE_SENSITIVE_UCUM: Record<string, string> = { 'G/L': '10*9/L', 'T/L': '10*12/L' };

export function ucumFor(unit: string | undefined): string | undefined {
  if (!unit) return undefined;
  const trimmed = unit.trim();
  return CASE_SENSITIVE_UCUM[trimmed] ?? UCUM_BY_UNIT[trimmed.toLowerCase()];
}

interface LoincEntry {
  code: string;
  display: string;
  /** Folded words that identify the test in a local name; every word must appear. */
  words: string[][];
}

// Order matters: the first entry whose words all appear wins, so specific names come first.
const LOINC_TABLE: LoincEntry[] = [
  {
    code: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    words: [['hba1c'], ['a1c']],
  },
  {
    code: '14749-6',
    display: 'Glucose [Moles/volume] in Serum or Plasma',
    words: [['glucose'], ['duong mau']],
  },
  {
    code: '14682-9',
    display: 'Creatinine [Moles/volume] in Serum or Plasma',
    words: [['creatinin']],
  },
  {
    code: '22664-7',
    display: 'Urea [Moles/volume] in Serum or Plasma',
    words: [['ure'], ['urea']],
  },
  {
    code: '1742-6',
    display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    words: [['alt'], ['gpt']],
  },
  {
    code: '1920-8',
    display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    words: [['ast'], ['got']],
  },
  {
    code: '14647-2',
    display: 'Cholesterol [Moles/volume] in Serum or Plasma',
    words: [['cholesterol', 'toan phan'], ['cholesterol tp']],
  },
  {
    code: '14646-4',
    display: 'Cholesterol in HDL [Moles/volume] in Serum or Plasma',
    words: [['hdl']],
  },
  {
    code: '22748-8',
    display: 'Cholesterol in LDL [Moles/volume] in Serum or Plasma',
    words: [['ldl']],
  },
  {
    code: '14927-8',
    display: 'Triglyceride [Moles/volume] in Serum or Plasma',
    words: [['triglycerid']],
  },
  {
    code: '14933-6',
    display: 'Urate [Moles/volume] in Serum or Plasma',
    words: [['acid uric'], ['axit uric']],
  },
  {
    code: '6690-2',
    display: 'Leukocytes [#/volume] in Blood by Automated count',
    words: [['bach cau'], ['wbc']],
  },
  {
    code: '789-8',
    display: 'Erythrocytes [#/volume] in Blood by Automated count',
    words: [['hong cau'], ['rbc']],
  },
  {
    code: '718-7',
    display: 'Hemoglobin [Mass/volume] in Blood',
    words: [['huyet sac to'], ['hemoglobin'], ['hgb']],
  },
  {
    code: '777-3',
    display: 'Platelets [#/volume] in Blood by Automated count',
    words: [['tieu cau'], ['plt']],
  },
  {
    code: '1988-5',
    display: 'C reactive protein [Mass/volume] in Serum or Plasma',
    words: [['crp']],
  },
];

/** LOINC coding for a local test name, when it is one of the common tests. */
export function loincFor(localName: string): { code: string; display: string } | undefined {
  const folded = ` ${foldVietnamese(localName)
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')} `;
  for (const entry of LOINC_TABLE) {
    if (entry.words.some((words) => words.every((word) => folded.includes(` ${word}`)))) {
      return { code: entry.code, display: entry.display };
    }
  }
  return undefined;
}
