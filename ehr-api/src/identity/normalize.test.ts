import { describe, expect, it } from '@jest/globals';
import { memberBlockingKeys, queryBlockingKeys } from './blocking.js';
import { patientFeatures } from './matcher.js';
import { addressUnits, bhytGroup, bhytSocialInsuranceNumber, foldVietnamese, nameParts, normalizeCccd, normalizePhone, parseBirthDate } from './normalize.js';

describe('foldVietnamese', () => {
  it('strips marks, turns đ into d, lower-cases and collapses spaces and punctuation', () => {
    expect(foldVietnamese('  Nguyễn   Thị-Lan ')).toBe('nguyen thi lan');
    expect(foldVietnamese('ĐẶNG Đức Hưởng')).toBe('dang duc huong');
  });

  it('folds decomposed (NFD) input the same as composed input', () => {
    expect(foldVietnamese('Nguyễn'.normalize('NFD'))).toBe(foldVietnamese('Nguyễn'.normalize('NFC')));
  });
});

describe('nameParts', () => {
  it('puts the family name first when the source names it and wrote it last', () => {
    expect(nameParts('Lan Nguyễn Thị', 'Nguyễn').words).toEqual(['nguyen', 'thi', 'lan']);
  });

  it('builds the name from family and given when the full name is empty', () => {
    expect(nameParts('', 'Trần', ['Văn', 'Hùng']).words).toEqual(['tran', 'van', 'hung']);
  });

  it('tells whether the source wrote diacritics', () => {
    expect(nameParts('Nguyễn Thị Lan').hasMarks).toBe(true);
    expect(nameParts('NGUYEN THI LAN').hasMarks).toBe(false);
  });
});

describe('identifiers', () => {
  it('keeps the last ten digits of a 15-character BHYT number as the social insurance number', () => {
    expect(bhytSocialInsuranceNumber({ number: 'HT3220123456789' })).toBe('0123456789');
    expect(bhytSocialInsuranceNumber({ number: 'ht3 22 0123456789' })).toBe('0123456789');
    expect(bhytGroup({ number: 'HT3220123456789' })).toBe('HT3');
  });

  it('ignores a BHYT number of the wrong shape', () => {
    expect(bhytSocialInsuranceNumber({ number: '12345' })).toBeUndefined();
  });

  it('accepts a CCCD of exactly 12 digits only', () => {
    expect(normalizeCccd('022 148 001 234')).toBe('022148001234');
    expect(normalizeCccd('02214800123')).toBeUndefined();
  });

  it('normalises phones to the national 10-digit form', () => {
    expect(normalizePhone('+84 912 345 678')).toBe('0912345678');
    expect(normalizePhone('84912345678')).toBe('0912345678');
    expect(normalizePhone('0912.345.678')).toBe('0912345678');
    expect(normalizePhone('01681234567')).toBe('0381234567');
    expect(normalizePhone('12')).toBeUndefined();
  });
});

describe('parseBirthDate', () => {
  it('keeps the precision the source had', () => {
    expect(parseBirthDate('1948')).toEqual({ year: 1948 });
    expect(parseBirthDate('1948-03')).toEqual({ year: 1948, month: 3 });
    expect(parseBirthDate('1948-03-07')).toEqual({ year: 1948, month: 3, day: 7 });
    expect(parseBirthDate('07/03/1948')).toBeUndefined();
  });
});

describe('addressUnits', () => {
  it('reads ward, district and province from the end of the text without their unit words', () => {
    expect(addressUnits({ text: 'Số 12, tổ 3, P. Bãi Cháy, TP Hạ Long, Tỉnh Quảng Ninh' })).toEqual({ line: 'so 12 to 3', ward: 'bai chay', district: 'ha long', province: 'quang ninh' });
  });

  it('prefers the structured fields when given', () => {
    expect(addressUnits({ text: 'somewhere', ward: 'Phường Cẩm Tây', city: 'Cẩm Phả' })).toEqual({ ward: 'cam tay', district: 'cam pha' });
  });
});

describe('blocking keys', () => {
  it('files a member under every word order, so a reordered query finds it', () => {
    const canonical = patientFeatures({ mrn: '1', fullName: 'Nguyễn Thị Lan', birthDate: '1948-03-07' });
    const reordered = patientFeatures({ mrn: '2', fullName: 'Lan Nguyễn Thị', birthDate: '1948-03-07' });
    const filed = new Set(memberBlockingKeys(canonical));
    expect(queryBlockingKeys(reordered).some((key) => filed.has(key))).toBe(true);
  });

  it('lets a record without a birth date find members by name', () => {
    const dated = patientFeatures({ mrn: '1', fullName: 'Nguyễn Thị Lan', birthDate: '1948-03-07' });
    const undated = patientFeatures({ mrn: '2', fullName: 'Nguyen Thi Lan' });
    expect(queryBlockingKeys(undated).some((key) => new Set(memberBlockingKeys(dated)).has(key))).toBe(true);
    expect(queryBlockingKeys(dated).some((key) => new Set(memberBlockingKeys(undated)).has(key))).toBe(true);
  });
});
