import { foldVietnamese, matchesFolded } from './fold-vietnamese';

describe('foldVietnamese', () => {
  it('drops the marks, turns đ into d and lowers the case when given a Vietnamese name', () => {
    expect(foldVietnamese('Khoa Răng Hàm Mặt')).toBe('khoa rang ham mat');
    expect(foldVietnamese('Đỗ Thu Trang')).toBe('do thu trang');
  });

  it('gives the same result for composed and decomposed input', () => {
    expect(foldVietnamese('Y học cổ truyền'.normalize('NFD'))).toBe(
      foldVietnamese('Y học cổ truyền'.normalize('NFC')),
    );
  });

  it('turns punctuation into single spaces when words are joined by dashes or commas', () => {
    expect(foldVietnamese('  Tai–Mũi-Họng,  phòng 204 ')).toBe('tai mui hong phong 204');
  });
});

describe('matchesFolded', () => {
  it('matches with or without diacritics when every typed word is in the text', () => {
    expect(matchesFolded('Khoa Tai Mũi Họng', 'tai mui hong')).toBeTrue();
    expect(matchesFolded('Khoa Tai Mũi Họng', 'HỌNG tai')).toBeTrue();
    expect(matchesFolded('Khoa Chẩn đoán hình ảnh', 'chan doan')).toBeTrue();
  });

  it('does not match when one typed word is missing from the text', () => {
    expect(matchesFolded('Khoa Mắt', 'mat hong')).toBeFalse();
  });

  it('matches everything when the query is empty or only spaces', () => {
    expect(matchesFolded('Khoa Nội', '')).toBeTrue();
    expect(matchesFolded('Khoa Nội', '   ')).toBeTrue();
  });
});
