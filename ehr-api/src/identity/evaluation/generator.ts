import { base, Faker, vi } from '@faker-js/faker';
import type { Gender, HospitalCode, PatientFacts } from '../../ingestion/model.js';
import type { PatientRecord } from '../matcher.js';

/*
 * A labelled set of record pairs for the matcher: the same person registered at two hospitals
 * (with the ways records of one person differ in practice) and different people who look alike
 * (twins, namesakes, siblings, households, the neighbours blocking puts side by side). Seeded, so a
 * seed always gives the same pairs: seed 1 was used to tune the thresholds, the test checks seed 2.
 *
 * How often a record carries an identifier is part of the model, stated here: since 2024 patients
 * check in with their chip CCCD (adults) and BHYT covers about 93% of the population, so a record
 * has a CCCD with p = 0.85 and a BHYT number with p = 0.9, independently. The kind
 * "missing-identifiers" forces pairs that share no identifier at all.
 */

export const POSITIVE_KINDS = [
  'clean',
  'no-diacritics',
  'reordered-name',
  'typo',
  'missing-middle',
  'moved',
  'year-only-birth',
  'missing-identifiers',
  'bhyt-group-change',
  'combined',
] as const;

export const NEGATIVE_KINDS = [
  'twins',
  'same-name-and-birth-date',
  'same-name-other-birth-date',
  'siblings',
  'household',
  'block-neighbours',
  'same-name-year-only',
  'near-name-same-birth-date',
] as const;

export type PairKind = (typeof POSITIVE_KINDS)[number] | (typeof NEGATIVE_KINDS)[number];

export interface LabelledPair {
  id: string;
  kind: PairKind;
  samePerson: boolean;
  /** Whether the two records share a CCCD or a BHYT social insurance number. */
  sharedIdentifier: boolean;
  a: PatientRecord;
  b: PatientRecord;
}

const PAIRS_PER_KIND: Record<PairKind, number> = {
  clean: 250,
  'no-diacritics': 250,
  'reordered-name': 200,
  typo: 250,
  'missing-middle': 200,
  moved: 250,
  'year-only-birth': 200,
  'missing-identifiers': 250,
  'bhyt-group-change': 150,
  combined: 200,
  twins: 250,
  'same-name-and-birth-date': 250,
  'same-name-other-birth-date': 200,
  siblings: 200,
  household: 150,
  'block-neighbours': 300,
  'same-name-year-only': 150,
  'near-name-same-birth-date': 150,
};

const P_CCCD = 0.85;
const P_BHYT = 0.9;

const HOSPITALS: readonly HospitalCode[] = ['bvdk-tinh-quang-ninh', 'bv-san-nhi-quang-ninh', 'bv-bai-chay'];

const FAMILY_NAMES: ReadonlyArray<{ value: string; weight: number }> = [
  ['Nguyễn', 384], ['Trần', 121], ['Lê', 95], ['Phạm', 70], ['Hoàng', 45], ['Phan', 45], ['Vũ', 33], ['Đặng', 21], ['Bùi', 20],
  ['Đỗ', 14], ['Hồ', 13], ['Ngô', 13], ['Dương', 10], ['Lý', 5], ['Đinh', 5], ['Đào', 5], ['Trịnh', 4], ['Lương', 3],
  ['Mai', 3], ['Tô', 2], ['Lưu', 2], ['Vương', 2], ['Phùng', 2], ['Tạ', 2], ['Hà', 3], ['Đoàn', 3], ['Lâm', 2], ['Cao', 2],
].map(([value, weight]) => ({ value: value as string, weight: weight as number }));

const MIDDLE = {
  male: ['Văn', 'Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Ngọc', 'Thanh', 'Công', 'Xuân', 'Đình', 'Mạnh', 'Tiến', 'Trọng', 'Bá', 'Hoàng'],
  female: ['Thị', 'Thị', 'Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Phương', 'Kim', 'Mai', 'Thúy', 'Bích', 'Diệu', 'Khánh'],
};

const GIVEN = {
  male: ['Hùng', 'Dũng', 'Tuấn', 'Minh', 'Nam', 'Long', 'Hải', 'Sơn', 'Thắng', 'Cường', 'Đức', 'Quang', 'Trung', 'Hiếu', 'Huy', 'Phong', 'Tùng', 'Bình', 'Khánh', 'Hoàng', 'Kiên', 'Toàn', 'Thành', 'Tâm', 'Vinh', 'Quân', 'Đạt', 'Tiến', 'Hưng', 'Lâm', 'Phúc', 'An', 'Bảo', 'Việt', 'Duy', 'Thịnh', 'Lợi', 'Chiến', 'Thái', 'Hòa'],
  female: ['Lan', 'Hương', 'Hoa', 'Mai', 'Linh', 'Trang', 'Hằng', 'Thảo', 'Ngọc', 'Huyền', 'Nga', 'Hà', 'Thủy', 'Yến', 'Phương', 'Dung', 'Liên', 'Nhung', 'Hạnh', 'Vân', 'Hiền', 'Loan', 'Tuyết', 'Oanh', 'Trinh', 'Giang', 'Quỳnh', 'Anh', 'Chi', 'Ly', 'Nhi', 'My', 'Hồng', 'Thu', 'Diệp', 'Ánh', 'Xuân', 'Thơ', 'Hậu', 'Duyên'],
};

/** Quảng Ninh's towns and some of their wards and communes (before the 2025 reorganisation). */
const PLACES: ReadonlyArray<{ district: string; kind: string; wards: ReadonlyArray<[string, string]> }> = [
  { district: 'Hạ Long', kind: 'Thành phố', wards: [['Phường', 'Bãi Cháy'], ['Phường', 'Hồng Gai'], ['Phường', 'Hồng Hải'], ['Phường', 'Hồng Hà'], ['Phường', 'Cao Xanh'], ['Phường', 'Hà Khẩu'], ['Phường', 'Giếng Đáy'], ['Phường', 'Hùng Thắng'], ['Phường', 'Tuần Châu'], ['Phường', 'Việt Hưng'], ['Phường', 'Hà Tu'], ['Phường', 'Cao Thắng'], ['Phường', 'Trần Hưng Đạo'], ['Phường', 'Yết Kiêu'], ['Phường', 'Bạch Đằng']] },
  { district: 'Cẩm Phả', kind: 'Thành phố', wards: [['Phường', 'Cẩm Đông'], ['Phường', 'Cẩm Tây'], ['Phường', 'Cẩm Thủy'], ['Phường', 'Cẩm Trung'], ['Phường', 'Cẩm Thành'], ['Phường', 'Cẩm Bình'], ['Phường', 'Cẩm Phú'], ['Phường', 'Quang Hanh'], ['Phường', 'Mông Dương'], ['Phường', 'Cửa Ông']] },
  { district: 'Uông Bí', kind: 'Thành phố', wards: [['Phường', 'Quang Trung'], ['Phường', 'Thanh Sơn'], ['Phường', 'Trưng Vương'], ['Phường', 'Bắc Sơn'], ['Phường', 'Nam Khê'], ['Phường', 'Vàng Danh'], ['Phường', 'Yên Thanh'], ['Phường', 'Phương Đông']] },
  { district: 'Móng Cái', kind: 'Thành phố', wards: [['Phường', 'Ka Long'], ['Phường', 'Trần Phú'], ['Phường', 'Hòa Lạc'], ['Phường', 'Ninh Dương'], ['Phường', 'Hải Hòa'], ['Phường', 'Bình Ngọc']] },
  { district: 'Đông Triều', kind: 'Thị xã', wards: [['Phường', 'Mạo Khê'], ['Phường', 'Đông Triều'], ['Phường', 'Kim Sơn'], ['Phường', 'Xuân Sơn'], ['Phường', 'Hồng Phong'], ['Phường', 'Đức Chính']] },
  { district: 'Quảng Yên', kind: 'Thị xã', wards: [['Phường', 'Quảng Yên'], ['Phường', 'Yên Giang'], ['Phường', 'Minh Thành'], ['Phường', 'Cộng Hòa'], ['Phường', 'Phong Cốc']] },
  { district: 'Vân Đồn', kind: 'Huyện', wards: [['Thị trấn', 'Cái Rồng'], ['Xã', 'Đông Xá'], ['Xã', 'Hạ Long'], ['Xã', 'Quan Lạn']] },
  { district: 'Tiên Yên', kind: 'Huyện', wards: [['Thị trấn', 'Tiên Yên'], ['Xã', 'Đông Ngũ'], ['Xã', 'Hải Lạng']] },
];

const BHYT_GROUPS = ['DN', 'HC', 'HT', 'GD', 'TE', 'HS', 'SV', 'CN', 'NO', 'XN', 'BT', 'CB', 'HN'];
const MOBILE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098'];

type Sex = 'male' | 'female';

interface Person {
  sex: Sex;
  family: string;
  middle: string[];
  given: string;
  birth: { year: number; month: number; day: number };
  cccd: string;
  bhytGroup: string;
  sin: string;
  phone: string;
  address: { line: string; place: number; ward: number };
}

interface RecordOptions {
  hospital: HospitalCode;
  /** Name words in the order this record writes them (default: the person's own order). */
  words?: string[];
  /** The source names the family part (so the parser can put it first). */
  splitName?: boolean;
  /** The family name as this record writes it (default: the person's). */
  family?: string;
  marks?: boolean;
  birthDate?: string;
  cccd?: boolean;
  bhyt?: boolean;
  bhytGroup?: string;
  bhytProvince?: string;
  phone?: string | null;
  address?: Person['address'];
}

function foldMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

function foldedKey(text: string): string {
  return foldMarks(text).toLowerCase();
}

class PairGenerator {
  private readonly faker: Faker;
  private mrnCounter = 0;

  constructor(seed: number) {
    this.faker = new Faker({ locale: [vi, base], seed });
  }

  private chance(p: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < p;
  }

  private pick<T>(items: readonly T[]): T {
    return this.faker.helpers.arrayElement(items);
  }

  private digits(count: number): string {
    return this.faker.string.numeric({ length: count, allowLeadingZeros: true });
  }

  private middleNames(sex: Sex): string[] {
    const roll = this.faker.number.float({ min: 0, max: 1 });
    if (roll < 0.05) return [];
    const first = this.pick(MIDDLE[sex]);
    if (roll < 0.85) return [first];
    const second = this.pick(MIDDLE[sex].filter((name) => name !== first));
    return [first, second];
  }

  private givenName(sex: Sex): { middle?: string; given: string } {
    // Some parents choose a two-word name ("Bình Minh"): faker's Vietnamese first names are such.
    if (this.chance(0.12)) {
      const [middle, given] = this.faker.person.firstName().split(' ');
      if (middle && given) return { middle, given };
    }
    return { given: this.pick(GIVEN[sex]) };
  }

  private birthDate(minYear = 1935, maxYear = 2024): Person['birth'] {
    const date = this.faker.date.between({ from: `${minYear}-01-01T00:00:00Z`, to: `${maxYear}-12-31T00:00:00Z` });
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }

  private cccdFor(sex: Sex, year: number): string {
    // 3-digit province of birth (022 Quảng Ninh, sometimes elsewhere), century-and-sex digit, 2-digit year, 6 random.
    const province = this.chance(0.8) ? '022' : this.pick(['001', '030', '031', '034', '036', '038', '024']);
    const century = (year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    return `${province}${century}${String(year % 100).padStart(2, '0')}${this.digits(6)}`;
  }

  private bhytGroupFor(year: number): string {
    const age = 2025 - year;
    if (age < 6) return 'TE1';
    if (age < 18) return `HS4`;
    if (age >= 60 && this.chance(0.6)) return this.pick(['HT2', 'HT3', 'CB2']);
    return `${this.pick(BHYT_GROUPS.filter((group) => group !== 'TE' && group !== 'HS'))}${this.pick(['2', '3', '4', '4', '4', '5'])}`;
  }

  private phone(): string {
    return `${this.pick(MOBILE_PREFIXES)}${this.digits(7)}`;
  }

  private address(): Person['address'] {
    const place = this.faker.number.int({ min: 0, max: PLACES.length - 1 });
    const ward = this.faker.number.int({ min: 0, max: (PLACES[place]?.wards.length ?? 1) - 1 });
    const line = this.chance(0.5) ? `Số ${this.faker.number.int({ min: 1, max: 300 })}, tổ ${this.faker.number.int({ min: 1, max: 20 })}` : `Tổ ${this.faker.number.int({ min: 1, max: 20 })}, khu ${this.faker.number.int({ min: 1, max: 12 })}`;
    return { line, place, ward };
  }

  /** Somewhere else: another ward, in the same town half the time. */
  private movedAddress(from: Person['address']): Person['address'] {
    for (;;) {
      const next = this.address();
      if (this.chance(0.5)) next.place = from.place;
      next.ward = Math.min(next.ward, (PLACES[next.place]?.wards.length ?? 1) - 1);
      if (next.place !== from.place || next.ward !== from.ward) return next;
    }
  }

  person(overrides: Partial<Person> = {}): Person {
    const sex: Sex = overrides.sex ?? (this.chance(0.5) ? 'male' : 'female');
    const name = this.givenName(sex);
    const birth = overrides.birth ?? this.birthDate();
    const person: Person = {
      sex,
      family: this.faker.helpers.weightedArrayElement(FAMILY_NAMES),
      middle: name.middle ? [name.middle] : this.middleNames(sex),
      given: name.given,
      birth,
      cccd: this.cccdFor(sex, birth.year),
      bhytGroup: this.bhytGroupFor(birth.year),
      sin: this.digits(10),
      phone: this.phone(),
      address: this.address(),
      ...overrides,
    };
    return person;
  }

  private mrn(hospital: HospitalCode): string {
    this.mrnCounter++;
    const serial = String(this.mrnCounter).padStart(7, '0');
    if (hospital === 'bvdk-tinh-quang-ninh') return `BN${serial}`;
    if (hospital === 'bv-san-nhi-quang-ninh') return `SN${serial}`;
    return `BC${serial}`;
  }

  private formatPhone(phone: string): string {
    switch (this.faker.number.int({ min: 0, max: 4 })) {
      case 0:
        return `+84 ${phone.slice(1, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
      case 1:
        return `84${phone.slice(1)}`;
      case 2:
        return `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`;
      case 3:
        return `${phone.slice(0, 4)} ${phone.slice(4)}`;
      default:
        return phone;
    }
  }

  private formatAddress(address: Person['address'], marks: boolean): PatientFacts['address'] {
    const place = PLACES[address.place] ?? PLACES[0]!;
    const [wardKind, ward] = place.wards[address.ward] ?? place.wards[0]!;
    const style = this.faker.number.int({ min: 0, max: 2 });
    const districtText = style === 0 ? `${place.kind === 'Thành phố' ? 'TP' : place.kind} ${place.district}` : `${place.kind} ${place.district}`;
    const wardText = style === 0 && wardKind === 'Phường' ? `P. ${ward}` : `${wardKind} ${ward}`;
    const apply = (text: string): string => (marks ? text : foldMarks(text));
    const facts: NonNullable<PatientFacts['address']> = { text: apply(`${address.line}, ${wardText}, ${districtText}, Quảng Ninh`) };
    if (this.chance(0.6)) {
      facts.line = apply(address.line);
      facts.ward = apply(ward);
      facts.district = apply(place.district);
      facts.province = apply('Quảng Ninh');
    }
    return facts;
  }

  record(person: Person, options: RecordOptions): PatientRecord {
    const marks = options.marks ?? true;
    const words = options.words ?? [person.family, ...person.middle, person.given];
    const family = options.family ?? person.family;
    let fullName = words.join(' ');
    if (!marks) fullName = foldMarks(fullName);
    // Some systems (HL7 v2 feeds especially) write names in capitals.
    if (this.chance(0.2)) fullName = fullName.toUpperCase();
    const facts: PatientFacts = { mrn: this.mrn(options.hospital), fullName };
    if (options.splitName) {
      const apply = (text: string): string => (marks ? text : foldMarks(text));
      const familyIndex = words.indexOf(family);
      if (familyIndex >= 0) {
        facts.family = apply(family);
        facts.given = words.filter((_, index) => index !== familyIndex).map(apply);
      }
    }
    if (this.chance(0.97)) facts.gender = person.sex satisfies Gender;
    const { year, month, day } = person.birth;
    facts.birthDate = options.birthDate ?? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (options.cccd ?? this.chance(P_CCCD)) facts.cccd = person.cccd;
    // 15 characters: group and level, the province that issued the card (22: Quảng Ninh), the social insurance number.
    if (options.bhyt ?? this.chance(P_BHYT)) facts.bhyt = { number: `${options.bhytGroup ?? person.bhytGroup}${options.bhytProvince ?? '22'}${person.sin}` };
    const phone = options.phone === undefined ? person.phone : options.phone;
    if (phone !== null && this.chance(0.85)) facts.phone = this.formatPhone(phone);
    if (this.chance(0.95)) facts.address = this.formatAddress(options.address ?? person.address, marks);
    return { hospital: options.hospital, facts };
  }

  private twoHospitals(): [HospitalCode, HospitalCode] {
    const first = this.pick(HOSPITALS);
    return [first, this.pick(HOSPITALS.filter((hospital) => hospital !== first))];
  }

  private withTypo(word: string): string {
    const chars = [...word.normalize('NFC')];
    const letters = 'abcdeghiklmnopqrstuvxy';
    const at = this.faker.number.int({ min: 0, max: chars.length - 1 });
    const operation = chars.length <= 2 ? 0 : this.faker.number.int({ min: 0, max: 3 });
    if (operation === 0) {
      let replacement = this.pick([...letters]);
      while (foldedKey(replacement) === foldedKey(chars[at] ?? '')) replacement = this.pick([...letters]);
      chars[at] = replacement;
    } else if (operation === 1) chars.splice(at, 1);
    else if (operation === 2) chars.splice(at, 0, this.pick([...letters]));
    else {
      const swap = Math.min(at, chars.length - 2);
      const left = chars[swap] ?? '';
      if (foldedKey(left) === foldedKey(chars[swap + 1] ?? '')) return this.withTypo(word);
      chars[swap] = chars[swap + 1] ?? '';
      chars[swap + 1] = left;
    }
    return chars.join('');
  }

  private reorderedWords(person: Pick<Person, 'family' | 'middle' | 'given'>): string[] {
    // Given name first, as foreign-style forms ask ("Lan Nguyễn Thị"), or family name last.
    return this.chance(0.6) ? [person.given, person.family, ...person.middle] : [...person.middle, person.given, person.family];
  }

  private noSharedIdentifiers(): [Pick<RecordOptions, 'cccd' | 'bhyt'>, Pick<RecordOptions, 'cccd' | 'bhyt'>] {
    switch (this.faker.number.int({ min: 0, max: 3 })) {
      case 0:
        return [{ cccd: false, bhyt: false }, { cccd: false, bhyt: false }];
      case 1:
        return [{ cccd: true, bhyt: false }, { cccd: false, bhyt: true }];
      case 2:
        return [{ cccd: false, bhyt: false }, { cccd: true, bhyt: true }];
      default:
        return [{ cccd: true, bhyt: true }, { cccd: false, bhyt: false }];
    }
  }

  private isoDate(birth: Person['birth']): string {
    return `${birth.year}-${String(birth.month).padStart(2, '0')}-${String(birth.day).padStart(2, '0')}`;
  }

  positive(kind: (typeof POSITIVE_KINDS)[number]): [PatientRecord, PatientRecord] {
    const person = this.person();
    const [first, second] = this.twoHospitals();
    const perturbations: string[] = kind === 'combined' ? this.faker.helpers.arrayElements(['no-diacritics', 'reordered-name', 'typo', 'missing-middle', 'moved', 'year-only-birth'], 2) : [kind];
    if (perturbations.includes('missing-middle') && person.middle.length === 0) person.middle = [this.pick(MIDDLE[person.sex])];
    const a = this.record(person, { hospital: first, splitName: this.chance(0.5) });
    const options: RecordOptions = { hospital: second, splitName: this.chance(0.5) };
    const name = { family: person.family, middle: [...person.middle], given: person.given };
    let reordered = false;
    for (const perturbation of perturbations) {
      switch (perturbation) {
        case 'no-diacritics':
          options.marks = false;
          break;
        case 'reordered-name':
          reordered = true;
          break;
        case 'typo': {
          const part = this.faker.number.int({ min: 0, max: name.middle.length + 1 });
          if (part === 0) name.family = this.withTypo(name.family);
          else if (part > name.middle.length) name.given = this.withTypo(name.given);
          else name.middle[part - 1] = this.withTypo(name.middle[part - 1] ?? '');
          break;
        }
        case 'missing-middle':
          name.middle = [];
          break;
        case 'moved':
          options.address = this.movedAddress(person.address);
          options.phone = this.chance(0.8) ? this.phone() : null;
          break;
        case 'year-only-birth':
          options.birthDate = String(person.birth.year);
          break;
        case 'missing-identifiers': {
          const [forA, forB] = this.noSharedIdentifiers();
          Object.assign(options, forB);
          return [this.record(person, { hospital: first, ...forA }), this.record(person, options)];
        }
        case 'bhyt-group-change': {
          // A student (HS4) who started work (DN4), a worker who retired (HT3): same ten last digits.
          let group = person.bhytGroup;
          while (group === person.bhytGroup) group = `${this.pick(BHYT_GROUPS)}${this.pick(['2', '3', '4', '5'])}`;
          options.bhyt = true;
          options.bhytGroup = group;
          // Sometimes the card was issued in another province before the person moved here.
          if (this.chance(0.2)) options.bhytProvince = this.pick(['01', '31', '30', '79']);
          options.cccd = false;
          return [this.record(person, { hospital: first, bhyt: true, splitName: this.chance(0.5) }), this.record(person, options)];
        }
      }
    }
    options.family = name.family;
    options.words = reordered ? this.reorderedWords(name) : [name.family, ...name.middle, name.given];
    return [a, this.record(person, options)];
  }

  negative(kind: (typeof NEGATIVE_KINDS)[number]): [PatientRecord, PatientRecord] {
    const [first, second] = this.twoHospitals();
    const one = this.person();
    let other: Person;
    let birthDateB: string | undefined;
    switch (kind) {
      case 'twins': {
        const sex: Sex = this.chance(0.6) ? one.sex : one.sex === 'male' ? 'female' : 'male';
        const differentGiven = (candidate: string): boolean => foldedKey(candidate) !== foldedKey(one.given);
        let given = this.pick(GIVEN[sex]);
        while (!differentGiven(given)) given = this.pick(GIVEN[sex]);
        const middle = sex === one.sex && this.chance(0.8) ? one.middle : this.middleNames(sex);
        other = this.person({ sex, family: one.family, middle, given, birth: one.birth, phone: one.phone, address: one.address });
        break;
      }
      case 'same-name-and-birth-date':
        other = this.person({ sex: one.sex, family: one.family, middle: one.middle, given: one.given, birth: one.birth });
        break;
      case 'same-name-other-birth-date': {
        let birth = this.chance(0.3) ? { ...this.birthDate(one.birth.year, one.birth.year) } : this.birthDate();
        while (this.isoDate(birth) === this.isoDate(one.birth)) birth = this.birthDate();
        other = this.person({ sex: one.sex, family: one.family, middle: one.middle, given: one.given, birth });
        break;
      }
      case 'siblings': {
        const sex: Sex = this.chance(0.5) ? 'male' : 'female';
        let given = this.pick(GIVEN[sex]);
        while (foldedKey(given) === foldedKey(one.given)) given = this.pick(GIVEN[sex]);
        const gap = this.faker.number.int({ min: 1, max: 12 }) * (this.chance(0.5) ? 1 : -1);
        const birth = this.birthDate(one.birth.year + gap, one.birth.year + gap);
        other = this.person({ sex, family: one.family, middle: sex === one.sex && this.chance(0.6) ? one.middle : this.middleNames(sex), given, birth, phone: one.phone, address: one.address });
        break;
      }
      case 'household': {
        const sex: Sex = one.sex === 'male' ? 'female' : 'male';
        const year = one.birth.year + this.faker.number.int({ min: -6, max: 6 });
        other = this.person({ sex, birth: this.birthDate(year, year), phone: one.phone, address: one.address });
        while (foldedKey(other.family) === foldedKey(one.family)) other.family = this.faker.helpers.weightedArrayElement(FAMILY_NAMES);
        break;
      }
      case 'block-neighbours': {
        const sameInitial = GIVEN[one.sex].filter((name) => foldedKey(name)[0] === foldedKey(one.given)[0] && foldedKey(name) !== foldedKey(one.given));
        const given = sameInitial.length ? this.pick(sameInitial) : this.pick(GIVEN[one.sex].filter((name) => name !== one.given));
        other = this.person({ sex: one.sex, family: one.family, given, birth: this.birthDate(one.birth.year, one.birth.year) });
        break;
      }
      case 'same-name-year-only': {
        let birth = this.birthDate(one.birth.year, one.birth.year);
        while (this.isoDate(birth) === this.isoDate(one.birth)) birth = this.birthDate(one.birth.year, one.birth.year);
        other = this.person({ sex: one.sex, family: one.family, middle: one.middle, given: one.given, birth });
        birthDateB = String(birth.year);
        break;
      }
      case 'near-name-same-birth-date': {
        // Two real given names one letter apart (Minh / Linh) or a name that reads as a typo of another.
        const near = GIVEN[one.sex].filter((name) => name !== one.given && oneEditApart(foldedKey(name), foldedKey(one.given)));
        const given = near.length && this.chance(0.7) ? this.pick(near) : this.withTypo(one.given);
        other = this.person({ sex: one.sex, family: one.family, middle: one.middle, given, birth: one.birth });
        break;
      }
    }
    const a = this.record(one, { hospital: first, splitName: this.chance(0.5) });
    const b = this.record(other, { hospital: second, splitName: this.chance(0.5), ...(birthDateB ? { birthDate: birthDateB } : {}) });
    return [a, b];
  }
}

function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + (a.length >= b.length ? 1 : 0)) === b.slice(i + (b.length >= a.length ? 1 : 0));
}

function sharesIdentifier(a: PatientFacts, b: PatientFacts): boolean {
  const sin = (facts: PatientFacts): string | undefined => facts.bhyt?.number.slice(-10);
  return (a.cccd !== undefined && a.cccd === b.cccd) || (sin(a) !== undefined && sin(a) === sin(b));
}

/** The labelled pairs for a seed: 3,850 of them at scale 1, kinds interleaved. */
export function generateLabelledPairs(options: { seed: number; scale?: number }): LabelledPair[] {
  const generator = new PairGenerator(options.seed);
  const scale = options.scale ?? 1;
  const pairs: LabelledPair[] = [];
  for (const kind of [...POSITIVE_KINDS, ...NEGATIVE_KINDS]) {
    const count = Math.round(PAIRS_PER_KIND[kind] * scale);
    const samePerson = (POSITIVE_KINDS as readonly string[]).includes(kind);
    for (let index = 0; index < count; index++) {
      const [a, b] = samePerson ? generator.positive(kind as (typeof POSITIVE_KINDS)[number]) : generator.negative(kind as (typeof NEGATIVE_KINDS)[number]);
      pairs.push({ id: `${kind}-${index + 1}`, kind, samePerson, sharedIdentifier: sharesIdentifier(a.facts, b.facts), a, b });
    }
  }
  return pairs;
}
