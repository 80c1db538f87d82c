import type {
  HospitalCode,
  HospitalRecord,
  LabResultFacts,
  PatientFacts,
  SourceFormat,
} from '../model.js';

/**
 * A made-up population of Quang Ninh for the demo and the benchmarks: people who visit one, two or
 * all three hospitals, written the way each hospital's software writes them (one hospital drops
 * diacritics, another only knows the birth year of older people, phones are formatted differently),
 * so identity matching has real work to do. Deterministic for a given seed. Identifier formats,
 * ICD-10 codes and lab reference ranges are real; every person is invented.
 */

/** mulberry32: a tiny seeded PRNG, so the same seed always gives the same exports (Math.random cannot be seeded). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Family names with their rough share in Vietnam; middle and given names common in the north.
const FAMILY = [
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Trần',
  'Trần',
  'Lê',
  'Lê',
  'Phạm',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Đào',
  'Lương',
  'Phan',
  'Trịnh',
];
const MALE_MIDDLE = ['Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Mạnh', 'Xuân', 'Thanh'];
const FEMALE_MIDDLE = [
  'Thị',
  'Thị',
  'Thị',
  'Thu',
  'Ngọc',
  'Thanh',
  'Minh',
  'Hồng',
  'Phương',
  'Bích',
];
const MALE_GIVEN = [
  'Hùng',
  'Dũng',
  'Tuấn',
  'Long',
  'Nam',
  'Sơn',
  'Thắng',
  'Hải',
  'Cường',
  'Khánh',
  'Phong',
  'Quân',
  'Toàn',
  'Hiếu',
  'Đạt',
  'Trung',
  'Bình',
  'An',
  'Khôi',
  'Huy',
];
const FEMALE_GIVEN = [
  'Lan',
  'Hương',
  'Mai',
  'Hoa',
  'Hằng',
  'Nga',
  'Thảo',
  'Trang',
  'Linh',
  'Yến',
  'Hạnh',
  'Dung',
  'Nhung',
  'Vân',
  'Ngọc',
  'Quyên',
  'Huyền',
  'Loan',
  'Oanh',
  'Châu',
];

const PLACES = [
  { ward: 'Phường Bạch Đằng', city: 'Hạ Long' },
  { ward: 'Phường Hồng Gai', city: 'Hạ Long' },
  { ward: 'Phường Bãi Cháy', city: 'Hạ Long' },
  { ward: 'Phường Hà Tu', city: 'Hạ Long' },
  { ward: 'Phường Hoành Bồ', city: 'Hạ Long' },
  { ward: 'Phường Cẩm Phả', city: 'Cẩm Phả' },
  { ward: 'Phường Mông Dương', city: 'Cẩm Phả' },
  { ward: 'Phường Uông Bí', city: 'Uông Bí' },
  { ward: 'Phường Vàng Danh', city: 'Uông Bí' },
  { ward: 'Phường Móng Cái 1', city: 'Móng Cái' },
  { ward: 'Phường Đông Triều', city: 'Đông Triều' },
  { ward: 'Phường Quảng Yên', city: 'Quảng Yên' },
  { ward: 'Xã Tiên Yên', city: 'Tiên Yên' },
  { ward: 'Đặc khu Vân Đồn', city: 'Vân Đồn' },
];
const STREETS = [
  'Lê Thánh Tông',
  'Trần Hưng Đạo',
  'Hạ Long',
  'Nguyễn Văn Cừ',
  'Cao Xanh',
  'Hùng Vương',
  'Lê Lợi',
  'Quang Trung',
  'Bạch Đằng',
  'Trần Phú',
];

/** BHYT beneficiary groups: GD household, HT retired, DN employee, CN poor/near-poor, TE child under 6, HS pupil. */
const BHYT_GROUPS = [
  { group: 'GD', level: 4 },
  { group: 'HT', level: 3 },
  { group: 'DN', level: 4 },
  { group: 'CN', level: 3 },
  { group: 'HS', level: 4 },
];

interface Condition {
  icd10: string;
  text: string;
  department: string;
  departmentText: string;
  labs?: Array<keyof typeof LABS>;
  medication?: { code: string; name: string; dosage: string; quantity: number; unit: string };
}

const LABS = {
  glucose: {
    code: 'SH-GLU',
    name: 'Định lượng Glucose [Máu]',
    unit: 'mmol/L',
    low: 3.9,
    high: 6.4,
    base: 5.2,
    spread: 4,
  },
  hba1c: {
    code: 'SH-HBA1C',
    name: 'Định lượng HbA1c [Máu]',
    unit: '%',
    low: 4,
    high: 6.2,
    base: 6.5,
    spread: 3,
  },
  creatinine: {
    code: 'SH-CRE',
    name: 'Định lượng Creatinin [Máu]',
    unit: 'µmol/L',
    low: 62,
    high: 120,
    base: 85,
    spread: 60,
  },
  cholesterol: {
    code: 'SH-CHOL',
    name: 'Định lượng Cholesterol toàn phần [Máu]',
    unit: 'mmol/L',
    low: 3.9,
    high: 5.2,
    base: 5.0,
    spread: 2.5,
  },
  wbc: {
    code: 'HH-WBC',
    name: 'Số lượng bạch cầu (WBC)',
    unit: 'G/L',
    low: 4,
    high: 10,
    base: 7,
    spread: 9,
  },
  hgb: {
    code: 'HH-HGB',
    name: 'Lượng huyết sắc tố (HGB)',
    unit: 'g/L',
    low: 120,
    high: 160,
    base: 128,
    spread: 30,
  },
  crp: {
    code: 'SH-CRP',
    name: 'Định lượng CRP',
    unit: 'mg/L',
    low: 0,
    high: 5,
    base: 3,
    spread: 60,
  },
} as const;

const ADULT_CONDITIONS: Condition[] = [
  {
    icd10: 'I10',
    text: 'Bệnh tăng huyết áp vô căn (nguyên phát)',
    department: 'noi',
    departmentText: 'Khoa Nội tổng hợp',
    labs: ['creatinine', 'cholesterol'],
    medication: {
      code: '40.518',
      name: 'Amlodipin 5mg, viên nén',
      dosage: 'Uống 1 viên/ngày, buổi sáng',
      quantity: 30,
      unit: 'viên',
    },
  },
  {
    icd10: 'E11.9',
    text: 'Bệnh đái tháo đường không phụ thuộc insulin, không có biến chứng',
    department: 'noi',
    departmentText: 'Khoa Nội tổng hợp',
    labs: ['glucose', 'hba1c', 'creatinine'],
    medication: {
      code: '40.678',
      name: 'Metformin 850mg, viên nén bao phim',
      dosage: 'Uống 1 viên/lần, ngày 2 lần sau ăn',
      quantity: 60,
      unit: 'viên',
    },
  },
  {
    icd10: 'J18.9',
    text: 'Viêm phổi, không đặc hiệu',
    department: 'noi',
    departmentText: 'Khoa Nội hô hấp',
    labs: ['wbc', 'crp'],
    medication: {
      code: '40.152',
      name: 'Amoxicilin + acid clavulanic 875mg + 125mg, viên nén',
      dosage: 'Uống 1 viên/lần, ngày 2 lần, 7 ngày',
      quantity: 14,
      unit: 'viên',
    },
  },
  {
    icd10: 'K29.7',
    text: 'Viêm dạ dày, không đặc hiệu',
    department: 'kham-benh',
    departmentText: 'Khoa Khám bệnh',
    labs: ['hgb'],
    medication: {
      code: '40.677',
      name: 'Omeprazol 20mg, viên nang',
      dosage: 'Uống 1 viên trước ăn sáng 30 phút',
      quantity: 28,
      unit: 'viên',
    },
  },
  {
    icd10: 'J06.9',
    text: 'Nhiễm trùng đường hô hấp trên cấp, không đặc hiệu',
    department: 'tai-mui-hong',
    departmentText: 'Khoa Tai Mũi Họng',
    labs: ['wbc'],
    medication: {
      code: '40.27',
      name: 'Paracetamol 500mg, viên nén',
      dosage: 'Uống 1 viên khi sốt trên 38,5 °C, cách 6 giờ',
      quantity: 10,
      unit: 'viên',
    },
  },
  {
    icd10: 'M54.5',
    text: 'Đau vùng thắt lưng',
    department: 'kham-benh',
    departmentText: 'Khoa Khám bệnh',
  },
  {
    icd10: 'H10.9',
    text: 'Viêm kết mạc, không đặc hiệu',
    department: 'mat',
    departmentText: 'Khoa Mắt',
  },
  {
    icd10: 'E78.0',
    text: 'Tăng cholesterol máu đơn thuần',
    department: 'noi',
    departmentText: 'Khoa Nội tổng hợp',
    labs: ['cholesterol'],
    medication: {
      code: '40.560',
      name: 'Atorvastatin 20mg, viên nén',
      dosage: 'Uống 1 viên/ngày, buổi tối',
      quantity: 30,
      unit: 'viên',
    },
  },
];
const PREGNANCY: Condition = {
  icd10: 'Z34.9',
  text: 'Giám sát thai nghén bình thường, không đặc hiệu',
  department: 'san',
  departmentText: 'Khoa Sản',
  labs: ['hgb', 'glucose'],
};
const CHILD_CONDITIONS: Condition[] = [
  {
    icd10: 'J06.9',
    text: 'Nhiễm trùng đường hô hấp trên cấp, không đặc hiệu',
    department: 'nhi',
    departmentText: 'Khoa Nhi',
    labs: ['wbc', 'crp'],
    medication: {
      code: '40.27',
      name: 'Paracetamol 250mg, gói bột',
      dosage: 'Uống 1 gói khi sốt, cách 6 giờ',
      quantity: 6,
      unit: 'gói',
    },
  },
  {
    icd10: 'A09',
    text: 'Tiêu chảy và viêm dạ dày ruột do nhiễm trùng',
    department: 'nhi',
    departmentText: 'Khoa Nhi',
    labs: ['wbc'],
    medication: {
      code: '40.997',
      name: 'Oresol 245, gói bột',
      dosage: 'Pha 1 gói với 200 ml nước, uống sau mỗi lần đi ngoài',
      quantity: 10,
      unit: 'gói',
    },
  },
  {
    icd10: 'J20.9',
    text: 'Viêm phế quản cấp, không đặc hiệu',
    department: 'nhi',
    departmentText: 'Khoa Nhi',
    labs: ['wbc', 'crp'],
  },
];

export interface DemoPerson {
  key: string;
  facts: Omit<PatientFacts, 'mrn'>;
  /** The hospitals this person has been to, with their patient number at each. */
  registrations: Array<{ hospital: HospitalCode; mrn: string }>;
  /** Set for the five people who hold a demo card (see @qn/card-crypto DEMO_CARDS). */
  card?: string;
}

/** The five demo card holders: their identifiers agree with each other as the province profile checks. */
const CARD_HOLDERS: Array<DemoPerson & { conditions: string[] }> = [
  {
    key: 'lan',
    card: 'lan',
    conditions: ['E11.9', 'I10'],
    facts: {
      fullName: 'Nguyễn Thị Lan',
      family: 'Nguyễn',
      given: ['Thị', 'Lan'],
      gender: 'female',
      birthDate: '1980-05-12',
      cccd: '022180004521',
      bhyt: {
        number: 'GD4220112345678',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        primaryCareFacility: '22001',
      },
      phone: '0912 418 326',
      address: {
        text: 'Số 8, tổ 5, khu 3, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh',
        line: 'Số 8, tổ 5, khu 3',
        ward: 'Phường Bạch Đằng',
        city: 'Hạ Long',
        province: 'Quảng Ninh',
      },
    },
    registrations: [
      { hospital: 'bvdk-tinh-quang-ninh', mrn: '24031877' },
      { hospital: 'bv-bai-chay', mrn: 'BC-0210455' },
    ],
  },
  {
    key: 'hung',
    card: 'hung',
    conditions: ['I10', 'J18.9'],
    facts: {
      fullName: 'Trần Văn Hùng',
      family: 'Trần',
      given: ['Văn', 'Hùng'],
      gender: 'male',
      birthDate: '1958-11-02',
      cccd: '022058007731',
      bhyt: {
        number: 'HT3220187654321',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        primaryCareFacility: '22002',
      },
      phone: '0983 227 145',
      address: {
        text: 'Số 21, đường Hạ Long, tổ 2, khu 4, phường Bãi Cháy, thành phố Hạ Long, tỉnh Quảng Ninh',
        line: 'Số 21, đường Hạ Long, tổ 2, khu 4',
        ward: 'Phường Bãi Cháy',
        city: 'Hạ Long',
        province: 'Quảng Ninh',
      },
    },
    registrations: [
      { hospital: 'bv-bai-chay', mrn: 'BC-0192834' },
      { hospital: 'bvdk-tinh-quang-ninh', mrn: '22117364' },
    ],
  },
  {
    key: 'mai',
    card: 'mai',
    conditions: ['Z34.9'],
    facts: {
      fullName: 'Vũ Thị Mai',
      family: 'Vũ',
      given: ['Thị', 'Mai'],
      gender: 'female',
      birthDate: '1995-08-23',
      cccd: '022195012846',
      bhyt: {
        number: 'DN4220155501234',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        primaryCareFacility: '22017',
      },
      phone: '0356 904 218',
      address: {
        text: 'Tổ 7, khu 2, phường Cẩm Phả, thành phố Cẩm Phả, tỉnh Quảng Ninh',
        line: 'Tổ 7, khu 2',
        ward: 'Phường Cẩm Phả',
        city: 'Cẩm Phả',
        province: 'Quảng Ninh',
      },
    },
    registrations: [
      { hospital: 'bv-san-nhi-quang-ninh', mrn: 'SN25004417' },
      { hospital: 'bvdk-tinh-quang-ninh', mrn: '25060113' },
    ],
  },
  {
    key: 'khoi',
    card: 'khoi',
    conditions: ['J06.9', 'A09'],
    facts: {
      fullName: 'Phạm Minh Khôi',
      family: 'Phạm',
      given: ['Minh', 'Khôi'],
      gender: 'male',
      birthDate: '2019-02-14',
      cccd: '022219003317',
      bhyt: {
        number: 'TE1220123450987',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        primaryCareFacility: '22017',
      },
      phone: '0868 551 902',
      address: {
        text: 'Số 45, đường Trần Hưng Đạo, phường Uông Bí, thành phố Uông Bí, tỉnh Quảng Ninh',
        line: 'Số 45, đường Trần Hưng Đạo',
        ward: 'Phường Uông Bí',
        city: 'Uông Bí',
        province: 'Quảng Ninh',
      },
    },
    registrations: [{ hospital: 'bv-san-nhi-quang-ninh', mrn: 'SN19002286' }],
  },
  {
    key: 'ngoc',
    card: 'ngoc',
    conditions: ['E78.0', 'K29.7'],
    facts: {
      fullName: 'Đặng Ánh Ngọc',
      family: 'Đặng',
      given: ['Ánh', 'Ngọc'],
      gender: 'female',
      birthDate: '1972-12-30',
      cccd: '022172009054',
      bhyt: {
        number: 'CN3220144448888',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        primaryCareFacility: '22001',
      },
      phone: '0904 663 170',
      address: {
        text: 'Số 3, phố Hùng Vương, phường Móng Cái 1, thành phố Móng Cái, tỉnh Quảng Ninh',
        line: 'Số 3, phố Hùng Vương',
        ward: 'Phường Móng Cái 1',
        city: 'Móng Cái',
        province: 'Quảng Ninh',
      },
    },
    registrations: [
      { hospital: 'bvdk-tinh-quang-ninh', mrn: '23098812' },
      { hospital: 'bv-bai-chay', mrn: 'BC-0233107' },
      { hospital: 'bv-san-nhi-quang-ninh', mrn: 'SN22001975' },
    ],
  },
];

/** Which format each hospital's software exports in the demo. */
export const DEMO_FORMATS: Record<HospitalCode, SourceFormat> = {
  'bvdk-tinh-quang-ninh': 'hl7v2',
  'bv-san-nhi-quang-ninh': 'xml130',
  'bv-bai-chay': 'csv',
};

export interface DemoPopulation {
  people: DemoPerson[];
  /** Per hospital, the records its export holds, in the order the hospital sent them. */
  records: Record<HospitalCode, HospitalRecord[]>;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time in Asia/Ho_Chi_Minh as a FHIR dateTime. */
function localDateTime(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00+07:00`;
}

function mrnFor(hospital: HospitalCode, serial: number): string {
  if (hospital === 'bvdk-tinh-quang-ninh') return `2${pad(serial, 7)}`;
  if (hospital === 'bv-san-nhi-quang-ninh') return `SN${pad(serial, 8)}`;
  return `BC-${pad(serial, 7)}`;
}

/** How a hospital's software tends to write a person: the same person looks different at each. */
function asWrittenAt(
  hospital: HospitalCode,
  facts: Omit<PatientFacts, 'mrn'>,
  random: () => number,
): Omit<PatientFacts, 'mrn'> {
  const written = structuredClone(facts);
  if (hospital === 'bv-bai-chay' && random() < 0.5) {
    // Bai Chay's older admission software stores names and addresses without diacritics.
    const fold = (text: string): string =>
      text
        .normalize('NFD')
        .replace(/\p{Mn}/gu, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D');
    written.fullName = fold(written.fullName);
    if (written.family) written.family = fold(written.family);
    if (written.given) written.given = written.given.map(fold);
    if (written.address) written.address = { ...written.address, text: fold(written.address.text) };
  }
  if (written.phone && random() < 0.4)
    written.phone = written.phone.replace(/^0/, '+84 ').replace(/\s/g, '');
  if (
    hospital !== 'bvdk-tinh-quang-ninh' &&
    written.birthDate &&
    Number(written.birthDate.slice(0, 4)) < 1960 &&
    random() < 0.5
  ) {
    written.birthDate = written.birthDate.slice(0, 4);
  }
  if (hospital === 'bv-bai-chay' && random() < 0.3) delete written.cccd;
  return written;
}

/**
 * Builds the population: `size` people (the five card holders among them), about half seen at more
 * than one hospital, each visit with diagnoses, results and prescriptions.
 */
export function demoPopulation(
  size = 240,
  seed = 20261124,
  today = new Date('2026-11-20T03:00:00Z'),
): DemoPopulation {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const serial: Record<HospitalCode, number> = {
    'bvdk-tinh-quang-ninh': 310_000,
    'bv-san-nhi-quang-ninh': 26_000_000,
    'bv-bai-chay': 300_000,
  };
  const people: Array<DemoPerson & { conditions: string[] }> = [
    ...CARD_HOLDERS.map((holder) => structuredClone(holder)),
  ];
  const usedCccd = new Set(people.map((p) => p.facts.cccd));
  while (people.length < size) {
    const index = people.length;
    const gender = random() < 0.52 ? 'female' : 'male';
    const age = random() < 0.18 ? 2 + Math.floor(random() * 12) : 18 + Math.floor(random() * 70);
    const year = today.getUTCFullYear() - age;
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const family = pick(FAMILY);
    const middle = pick(gender === 'male' ? MALE_MIDDLE : FEMALE_MIDDLE);
    const given = pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
    const centuryDigit = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
    let cccd = '';
    do cccd = `022${centuryDigit}${pad(year % 100)}${pad(Math.floor(random() * 1_000_000), 6)}`;
    while (usedCccd.has(cccd));
    usedCccd.add(cccd);
    const place = pick(PLACES);
    const line = `Số ${1 + Math.floor(random() * 120)}, đường ${pick(STREETS)}`;
    const insurance =
      age < 6
        ? { group: 'TE', level: 1 }
        : age > 60
          ? { group: 'HT', level: 3 }
          : pick(BHYT_GROUPS);
    const hasBhyt = random() < 0.9;
    // Quảng Ninh is mostly Kinh, with Dao, Tày, Sán Dìu and Hoa communities (GSO codes of the Ministry's files).
    const ethnicRoll = random();
    const ethnicity =
      ethnicRoll < 0.86
        ? '01'
        : ethnicRoll < 0.91
          ? '09'
          : ethnicRoll < 0.95
            ? '02'
            : ethnicRoll < 0.98
              ? '18'
              : '04';
    const facts: Omit<PatientFacts, 'mrn'> = {
      ethnicity,
      fullName: `${family} ${middle} ${given}`,
      family,
      given: [middle, given],
      gender,
      birthDate: `${year}-${pad(month)}-${pad(day)}`,
      // Children under 14 often have no CCCD yet in hospital records.
      ...(age >= 14 || random() < 0.3 ? { cccd } : {}),
      ...(hasBhyt
        ? {
            bhyt: {
              number: `${insurance.group}${insurance.level}22${pad(Math.floor(random() * 1e10), 10)}`,
              validFrom: '2026-01-01',
              validTo: '2026-12-31',
              primaryCareFacility: pick(['22001', '22002', '22017']),
            },
          }
        : {}),
      phone: `0${pick(['912', '983', '356', '868', '904', '977', '388'])} ${pad(Math.floor(random() * 1000), 3)} ${pad(Math.floor(random() * 1000), 3)}`,
      address: {
        text: `${line}, ${place.ward.replace(/^Phường/, 'phường').replace(/^Xã/, 'xã')}, ${place.city}, tỉnh Quảng Ninh`,
        line,
        ward: place.ward,
        city: place.city,
        province: 'Quảng Ninh',
      },
    };
    // Women 18–45 and children are the Obstetrics and Paediatrics hospital's patients; others go to the two general hospitals.
    const isChild = age < 16;
    const maternal = gender === 'female' && age >= 18 && age <= 45 && random() < 0.5;
    const home: HospitalCode =
      isChild || maternal
        ? 'bv-san-nhi-quang-ninh'
        : random() < 0.55
          ? 'bvdk-tinh-quang-ninh'
          : 'bv-bai-chay';
    const hospitals = new Set<HospitalCode>([home]);
    if (random() < 0.55)
      hospitals.add(
        pick(['bvdk-tinh-quang-ninh', 'bv-bai-chay', 'bv-san-nhi-quang-ninh'] as const),
      );
    if (random() < 0.15) hospitals.add(pick(['bvdk-tinh-quang-ninh', 'bv-bai-chay'] as const));
    const conditions = isChild
      ? [pick(CHILD_CONDITIONS).icd10]
      : maternal
        ? [PREGNANCY.icd10, ...(random() < 0.3 ? [pick(ADULT_CONDITIONS).icd10] : [])]
        : [pick(ADULT_CONDITIONS).icd10, ...(random() < 0.4 ? [pick(ADULT_CONDITIONS).icd10] : [])];
    people.push({
      key: `p${pad(index, 4)}`,
      facts,
      conditions: [...new Set(conditions)],
      registrations: [...hospitals].map((hospital) => ({
        hospital,
        mrn: mrnFor(hospital, (serial[hospital] += 1 + Math.floor(random() * 40))),
      })),
    });
  }

  const records: Record<HospitalCode, HospitalRecord[]> = {
    'bvdk-tinh-quang-ninh': [],
    'bv-san-nhi-quang-ninh': [],
    'bv-bai-chay': [],
  };
  const allConditions = [...ADULT_CONDITIONS, PREGNANCY, ...CHILD_CONDITIONS];
  let visitSerial = 0;
  for (const person of people) {
    for (const registration of person.registrations) {
      const { hospital } = registration;
      const patient: PatientFacts = {
        ...asWrittenAt(hospital, person.facts, random),
        mrn: registration.mrn,
      };
      const format = DEMO_FORMATS[hospital];
      const sourceSystem = {
        'bvdk-tinh-quang-ninh': 'HIS-DKT',
        'bv-san-nhi-quang-ninh': 'HIS-SN',
        'bv-bai-chay': 'HIS-BC',
      }[hospital];
      // Visits over the last two years: chronic conditions come back every few months (so results have trends).
      const conditionsHere = person.conditions
        .map((code) => allConditions.find((c) => c.icd10 === code))
        .filter((c): c is Condition => c !== undefined)
        .filter((c) =>
          hospital === 'bv-san-nhi-quang-ninh'
            ? ['san', 'nhi'].includes(c.department) || random() < 0.3
            : c.department !== 'san' && c.department !== 'nhi',
        );
      const main =
        conditionsHere[0] ??
        (hospital === 'bv-san-nhi-quang-ninh' ? PREGNANCY : pick(ADULT_CONDITIONS));
      const visits = 1 + Math.floor(random() * (person.card ? 4 : 3));
      if (format === 'hl7v2') {
        records[hospital].push({
          hospital,
          format,
          sourceRecordId: `REG${registration.mrn}`,
          sourceSystem,
          event: 'register',
          patient,
          labResults: [],
          medications: [],
          procedures: [],
          notes: [],
        });
      }
      for (let v = 0; v < visits; v += 1) {
        visitSerial += 1;
        const start = new Date(
          today.getTime() - Math.floor((visits - v) * (60 + random() * 120)) * 86_400_000,
        );
        start.setUTCHours(0 + Math.floor(random() * 4), Math.floor(random() * 60));
        const inpatient =
          main.icd10 === 'J18.9' || (main.icd10 === 'Z34.9' && v === visits - 1 && random() < 0.3);
        const end = new Date(
          start.getTime() +
            (inpatient
              ? (3 + Math.floor(random() * 6)) * 86_400_000
              : (1 + random() * 2) * 3600_000),
        );
        const visitId = `${{ 'bvdk-tinh-quang-ninh': 'DK', 'bv-san-nhi-quang-ninh': 'SN', 'bv-bai-chay': 'BC' }[hospital]}${start.getUTCFullYear() % 100}${pad(start.getUTCMonth() + 1)}${pad(visitSerial, 6)}`;
        const secondary = conditionsHere.slice(1);
        const labResults: LabResultFacts[] = (main.labs ?? []).map((labKey, i) => {
          const lab = LABS[labKey];
          // A controlled chronic patient drifts down over visits; otherwise values scatter around normal.
          const drift = ['E11.9', 'E78.0'].includes(main.icd10) ? (visits - v) * 0.08 : 0;
          const value =
            Math.round((lab.base + (random() - 0.3) * lab.spread * (0.4 + drift)) * 10) / 10;
          const at = localDateTime(new Date(start.getTime() + 40 * 60_000));
          return {
            resultId: String(i + 1),
            localCode: lab.code,
            localName: lab.name,
            value: Math.max(value, 0.1),
            unit: lab.unit,
            referenceLow: lab.low,
            referenceHigh: lab.high,
            referenceText: `${lab.low} – ${lab.high} ${lab.unit}`,
            interpretation: value > lab.high ? 'H' : value < lab.low ? 'L' : 'N',
            effective: at,
            issued: at,
            reportId: `XN${visitId}`,
            reportName: 'Phiếu kết quả xét nghiệm',
          };
        });
        const record: HospitalRecord = {
          hospital,
          format,
          sourceRecordId: visitId,
          sourceSystem,
          event: format === 'xml130' ? 'claim' : inpatient ? 'discharge' : 'admit',
          patient,
          encounter: {
            visitId,
            class: inpatient ? 'IMP' : 'AMB',
            status: 'finished',
            start: localDateTime(start),
            end: localDateTime(end),
            departmentCode: main.department,
            departmentText: main.departmentText,
            reason: main.text,
            diagnoses: [
              { icd10: main.icd10, text: main.text, role: 'main' },
              ...secondary.map((c) => ({
                icd10: c.icd10,
                text: c.text,
                role: 'secondary' as const,
              })),
            ],
          },
          labResults: format === 'hl7v2' ? [] : labResults,
          medications: main.medication
            ? [
                {
                  orderId: '1',
                  drugCode: main.medication.code,
                  name: main.medication.name,
                  dosageText: main.medication.dosage,
                  quantity: main.medication.quantity,
                  unit: main.medication.unit,
                  route: 'Uống',
                  authoredOn: localDateTime(end),
                },
              ]
            : [],
          procedures: [],
          notes: inpatient
            ? [
                {
                  noteId: '1',
                  text: `Vào viện: ${main.text.toLowerCase()}. Điều trị theo phác đồ, đáp ứng tốt.`,
                  date: localDateTime(start),
                },
              ]
            : [],
        };
        // HL7 v2 hospitals send results as their own ORU^R01 message after the visit.
        if (format === 'hl7v2') {
          record.medications = [];
          record.notes = [];
        }
        records[hospital].push(record);
        if (format === 'hl7v2' && labResults.length > 0) {
          records[hospital].push({
            hospital,
            format,
            sourceRecordId: `ORU${visitId}`,
            sourceSystem,
            event: 'results',
            patient,
            encounter: { ...record.encounter!, diagnoses: [] },
            labResults,
            medications: [],
            procedures: [],
            notes: [],
          });
        }
      }
    }
  }
  return { people, records };
}
