import { clearTranslations, loadTranslations } from '@angular/localize';

import english from '../../../locale/messages.en.json';
import source from '../../../locale/messages.json';
import { duration } from './operations-format';

/** Ids of the operations dashboard, the public figures page and their links on the home page. */
const IDS =
  /^(operations|publicFigures)\.|^title\.(operations|publicFigures)$|^home\.(operations|publicFigures)/;

describe('English translation of the operations dashboard and the public figures page', () => {
  afterEach(() => clearTranslations());

  it('has an English text, different from the Vietnamese, for every message', () => {
    const src = source.translations as Record<string, string>;
    const en = english.translations as Record<string, string>;
    const ids = Object.keys(src).filter((id) => IDS.test(id));

    expect(ids.length).toBeGreaterThan(70);
    const untranslated = ids.filter((id) => !en[id]?.trim() || en[id]!.trim() === src[id]!.trim());
    expect(untranslated).toEqual([]);
  });

  it('translates the refresh time, the lead times and the chart summaries with their placeholders', () => {
    loadTranslations(english.translations);
    const time = '14:05';
    const name = 'Bãi Cháy';
    const n = 3;

    expect($localize`:@@operations.updatedAt:Cập nhật lúc ${time}:TIME:`).toBe('Updated at 14:05');
    expect($localize`:@@publicFigures.updatedAt: Cập nhật lúc ${time}:TIME: `).toBe(
      'Updated at 14:05',
    );
    expect($localize`:@@operations.scope.one:Bệnh viện: ${name}:HOSPITAL:`).toBe(
      'Hospital: Bãi Cháy',
    );
    expect($localize`:@@operations.scope.province:Toàn tỉnh: ${n}:COUNT: bệnh viện`).toBe(
      'Whole province: 3 hospitals',
    );
    expect(duration(185)).toBe('3 h 5 min');
    expect(duration(1500)).toBe('1 d 1 h');
  });
});
