import { describe, expect, it } from '@jest/globals';
import type { PatientFacts } from '../ingestion/model.js';
import { matchPatients, matchRecords } from './matcher.js';

/** Nguyễn Thị Lan as the provincial hospital registered her. */
const lan: PatientFacts = {
  mrn: 'BN0000001',
  fullName: 'Nguyễn Thị Lan',
  gender: 'female',
  birthDate: '1948-03-07',
  phone: '0912 345 678',
  address: { text: 'Tổ 3, khu 5, phường Bãi Cháy, TP Hạ Long, Quảng Ninh' },
};

/** The same facts as another hospital might hold them, with the identifiers removed. */
function elsewhere(overrides: Partial<PatientFacts>): PatientFacts {
  return { ...lan, mrn: 'SN0000002', ...overrides };
}

describe('matchPatients: identifiers', () => {
  it('links two records with the same CCCD even when the rest differs a little', () => {
    const result = matchPatients({ ...lan, cccd: '022148001234' }, elsewhere({ cccd: '022148001234', phone: '0988 000 111', address: { text: 'Khu 2, phường Cẩm Tây, TP Cẩm Phả, Quảng Ninh' } }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('same CCCD');
  });

  it('links on the BHYT social insurance number when the beneficiary group and level changed', () => {
    const result = matchPatients({ ...lan, bhyt: { number: 'GD4220123456789' } }, elsewhere({ bhyt: { number: 'HT3220123456789' }, phone: undefined }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toEqual(expect.arrayContaining(['same BHYT social insurance number', 'BHYT group changed (GD4 → HT3)']));
  });

  it('keeps apart records whose CCCDs differ even when name, birth date and phone agree', () => {
    const result = matchPatients({ ...lan, cccd: '022148001234' }, elsewhere({ cccd: '022148009999' }));
    expect(result.decision).not.toBe('match');
    expect(result.reasons).toContain('CCCD differs');
  });

  it('keeps apart records whose CCCDs differ when only name and birth date agree', () => {
    const result = matchPatients({ ...lan, cccd: '022148001234' }, elsewhere({ cccd: '022148009999', phone: '0977 111 222', address: undefined }));
    expect(result.decision).toBe('non-match');
  });

  it('sends to review a CCCD that differs while the BHYT social insurance number is the same', () => {
    const result = matchPatients({ ...lan, cccd: '022148001234', bhyt: { number: 'HT3220123456789' } }, elsewhere({ cccd: '022148009999', bhyt: { number: 'HT3220123456789' } }));
    expect(result.decision).toBe('review');
    expect(result.reasons).toContain('identifiers conflict: CCCD differs but the BHYT social insurance number is the same');
  });

  it("sends to review a newborn registered under the mother's CCCD (same CCCD, other name and birth date)", () => {
    const result = matchPatients({ ...lan, cccd: '022148001234' }, elsewhere({ fullName: 'Con bà Nguyễn Thị Lan', gender: 'male', birthDate: '2025-06-01', cccd: '022148001234' }));
    expect(result.decision).toBe('review');
    expect(result.reasons).toContain('same CCCD but name and birth date disagree');
  });
});

describe('matchPatients: names', () => {
  it('links a name written in capitals without diacritics', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'NGUYEN THI LAN' }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toEqual(expect.arrayContaining(['name equal after folding', 'one name written without diacritics']));
  });

  it('links a name written given name first ("Lan Nguyễn Thị")', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Lan Nguyễn Thị' }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('same name words in another order');
  });

  it('puts the family name first when the source says which word it is', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Thị Lan Nguyễn', family: 'Nguyễn', given: ['Thị', 'Lan'] }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('name equal after folding');
  });

  it('links a name with the middle name missing', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Nguyễn Lan' }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('middle name missing on one side');
  });

  it('links a family name with one typo when phone and address agree', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Ngyuễn Thị Lan' }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('family name within one typo');
  });

  it('links a given name with one typo when the BHYT number agrees', () => {
    const result = matchPatients({ ...lan, fullName: 'Nguyễn Thị Hồng Nhung', bhyt: { number: 'HT3220123456789' } }, elsewhere({ fullName: 'Nguyễn Thị Hồng Nhugn', bhyt: { number: 'HT3220123456789' } }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('given name within one typo');
  });

  it('sends to review a one-letter given-name difference in one household without an identifier (a typo or a twin)', () => {
    const result = matchPatients({ ...lan, fullName: 'Nguyễn Văn Minh', gender: 'male' }, elsewhere({ fullName: 'Nguyễn Văn Linh', gender: 'male' }));
    expect(result.decision).toBe('review');
    expect(result.reasons).toContain('given name nearly equal with the same birth date: a typo or a twin');
  });

  it('scores an exact name above a name with a typo', () => {
    const exact = matchPatients(lan, elsewhere({}));
    const typo = matchPatients(lan, elsewhere({ fullName: 'Nguyễn Thị Lna' }));
    expect(exact.score).toBeGreaterThan(typo.score);
  });

  it('weighs agreement on a rare family name above agreement on Nguyễn', () => {
    const common = matchPatients(lan, elsewhere({ phone: undefined, address: undefined }));
    const rare = matchPatients({ ...lan, fullName: 'Lưu Thị Lan' }, elsewhere({ fullName: 'Lưu Thị Lan', phone: undefined, address: undefined }));
    expect(rare.score).toBeGreaterThan(common.score);
  });
});

describe('matchPatients: birth dates, sex, phone and address', () => {
  it('links a year-only birth date compatible with the full date', () => {
    const result = matchPatients(lan, elsewhere({ birthDate: '1948' }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('birth year compatible (year-only date)');
  });

  it('does not link a year-only birth date of another year', () => {
    const result = matchPatients(lan, elsewhere({ birthDate: '1952', phone: undefined, address: undefined }));
    expect(result.decision).toBe('non-match');
    expect(result.reasons).toContain('birth date differs');
  });

  it('tolerates day and month swapped in the birth date', () => {
    const result = matchPatients(lan, elsewhere({ birthDate: '1948-07-03' }));
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('birth date within one typo');
  });

  it('counts a different sex against the match', () => {
    const same = matchPatients(lan, elsewhere({}));
    const other = matchPatients(lan, elsewhere({ gender: 'male' }));
    expect(other.reasons).toContain('sex differs');
    expect(other.score).toBeLessThan(same.score);
  });

  it('finds phones equal across +84, 84, dots, spaces and the old 11-digit mobile numbers', () => {
    for (const phone of ['+84 912 345 678', '84912345678', '0912.345.678', '(091) 2345678']) {
      expect(matchPatients(lan, elsewhere({ phone })).reasons).toContain('phone equal');
    }
    const old = matchPatients({ ...lan, phone: '0168 123 4567' }, elsewhere({ phone: '038 123 4567' }));
    expect(old.reasons).toContain('phone equal');
  });

  it('finds the same ward and district whether written as text with unit words or as fields', () => {
    const result = matchPatients(lan, elsewhere({ address: { text: 'Bai Chay, Ha Long', ward: 'Bãi Cháy', district: 'Thành phố Hạ Long', province: 'Quảng Ninh' } }));
    expect(result.reasons).toContain('same ward and district');
  });

  it('links someone who moved (other address and phone) when the BHYT number agrees', () => {
    const moved = elsewhere({ phone: '0977 111 222', address: { text: 'Khu 2, phường Cẩm Tây, TP Cẩm Phả, Quảng Ninh' }, bhyt: { number: 'HT3220123456789' } });
    const result = matchPatients({ ...lan, bhyt: { number: 'HT3220123456789' } }, moved);
    expect(result.decision).toBe('match');
    expect(result.reasons).toEqual(expect.arrayContaining(['phone differs', 'address differs']));
  });

  it('sends someone who moved to review when nothing but name, birth date and sex agree', () => {
    const result = matchPatients(lan, elsewhere({ phone: '0977 111 222', address: { text: 'Khu 2, phường Cẩm Tây, TP Cẩm Phả, Quảng Ninh' } }));
    expect(result.decision).toBe('review');
    expect(result.reasons).toContain('only name, birth date and sex agree: not enough to link without an identifier, phone or address');
  });
});

describe('matchPatients: look-alikes', () => {
  it('keeps twins apart: same family name, birth date, address and phone, different given name', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Nguyễn Thị Huệ' }));
    expect(result.decision).toBe('non-match');
    expect(result.reasons).toContain('twin: same family/birth date/address, different given name');
  });

  it('sends to review twins whose given names differ only in diacritics (Hùng / Hưng)', () => {
    const hung: PatientFacts = { ...lan, fullName: 'Trần Văn Hùng', gender: 'male' };
    const result = matchPatients(hung, elsewhere({ fullName: 'Trần Văn Hưng', gender: 'male' }));
    expect(result.decision).toBe('review');
    expect(result.reasons).toContain('given name differs only in diacritics');
  });

  it('sends to review two people with the same name and birth date and nothing else in common', () => {
    const result = matchPatients(lan, elsewhere({ phone: undefined, address: undefined }));
    expect(result.decision).toBe('review');
  });

  it('keeps apart siblings of one household born years apart', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Nguyễn Thị Hoa', birthDate: '1952-11-20' }));
    expect(result.decision).toBe('non-match');
  });

  it('keeps apart a husband and wife sharing address and phone', () => {
    const result = matchPatients(lan, elsewhere({ fullName: 'Trần Văn Bình', gender: 'male', birthDate: '1946-01-15' }));
    expect(result.decision).toBe('non-match');
  });
});

describe('matchRecords', () => {
  it('treats one hospital patient number as one person', () => {
    const result = matchRecords({ hospital: 'bv-bai-chay', facts: lan }, { hospital: 'bv-bai-chay', facts: { ...lan, fullName: 'Nguyễn Thị Lan Anh', birthDate: undefined } });
    expect(result.decision).toBe('match');
    expect(result.reasons[0]).toBe('same hospital patient number');
  });

  it('compares the same patient number at two hospitals on its facts', () => {
    const result = matchRecords({ hospital: 'bv-bai-chay', facts: lan }, { hospital: 'bvdk-tinh-quang-ninh', facts: { ...lan, fullName: 'Phạm Văn Đức', gender: 'male', birthDate: '1990-01-01', phone: undefined, address: undefined } });
    expect(result.decision).toBe('non-match');
  });
});
