import { clearTranslations, loadTranslations } from '@angular/localize';

import english from '../../../locale/messages.en.json';
import source from '../../../locale/messages.json';

describe('English translation of the reception face and the kiosk record', () => {
  afterEach(() => clearTranslations());

  it('has an English text, different from the Vietnamese, for every reception and kiosk record message', () => {
    const src = source.translations as Record<string, string>;
    const en = english.translations as Record<string, string>;
    const ids = Object.keys(src).filter((id) => /^(reception|kiosk\.record)\./.test(id));

    expect(ids.length).toBeGreaterThan(80);
    const untranslated = ids.filter((id) => !en[id]?.trim() || en[id]!.trim() === src[id]!.trim());
    expect(untranslated).toEqual([]);
  });

  it('translates the booking refusals, the cancel question and the result flags with their placeholders', () => {
    loadTranslations(english.translations);
    const previous = '7.8 mmol/L';
    const count = 3;

    expect(
      $localize`:@@reception.book.error.slotFull:Giờ này vừa hết chỗ. Hãy chọn một giờ khác.`,
    ).toBe('This time has just filled up. Please choose another time.');
    expect($localize`:@@reception.search.count:Tìm thấy ${count}:COUNT: người bệnh`).toBe(
      'Patients found: 3',
    );
    expect($localize`:@@kiosk.record.trendUp:Tăng so với lần trước (${previous}:PREVIOUS:)`).toBe(
      'Higher than last time (7.8 mmol/L)',
    );
    expect($localize`:@@lab.flag.high:Cao`).toBe('High');
    expect($localize`:@@lab.flag.low:Thấp`).toBe('Low');
  });
});
