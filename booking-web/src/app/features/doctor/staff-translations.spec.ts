import { clearTranslations, loadTranslations } from '@angular/localize';

import source from '../../../locale/messages.json';
import english from '../../../locale/messages.en.json';

/** Ids of the staff sign-in, doctor face and lab chart messages. */
const STAFF_IDS = /^(doctor|signIn|auth|staff|labChart|lab)\.|^title\.(signIn|patientRecord)$/;

describe('English translation of the staff sign-in and doctor face', () => {
  afterEach(() => clearTranslations());

  it('has an English text, different from the Vietnamese, for every staff message', () => {
    const src = source.translations as Record<string, string>;
    const en = english.translations as Record<string, string>;
    const ids = Object.keys(src).filter((id) => STAFF_IDS.test(id));

    expect(ids.length).toBeGreaterThan(100);
    const untranslated = ids.filter((id) => !en[id]?.trim() || en[id]!.trim() === src[id]!.trim());
    expect(untranslated).toEqual([]);
  });

  it('translates the audit notice, the break-glass prompt and placeholders', () => {
    loadTranslations(english.translations);
    const min = 10;

    expect(
      $localize`:@@doctor.record.breakGlassActive:Bạn đang xem hồ sơ bằng truy cập khẩn cấp. Lượt xem này sẽ được kiểm tra lại.`,
    ).toBe('You are viewing this record with emergency access. This view will be reviewed.');
    expect(
      $localize`:@@doctor.breakGlass.reasonLabel:Lý do truy cập (ít nhất ${min}:MIN: ký tự)`,
    ).toBe('Reason for access (at least 10 characters)');
    expect($localize`:@@doctor.kind.condition:Chẩn đoán`).toBe('Diagnosis');
  });
});
