import { clearTranslations, loadTranslations } from '@angular/localize';

import source from './messages.json';
import english from './messages.en.json';

/** Placeholder names in a message, e.g. `{$TIME}` → `TIME`, sorted. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\$([A-Z0-9_]+)\}/g)].map((m) => m[1]!).sort();
}

describe('English translation (src/locale/messages.en.json)', () => {
  afterEach(() => clearTranslations());

  it('translates the kiosk prompt', () => {
    loadTranslations(english.translations);

    expect($localize`:@@kiosk.title:Chạm thẻ để bắt đầu`).toBe('Tap your card to start');
  });

  it('translates the API-unreachable banner, keeping its placeholder', () => {
    loadTranslations(english.translations);
    const seconds = 3;

    expect(
      $localize`:@@status.unreachable.retry:Hệ thống tự thử lại sau mỗi ${seconds}:SECONDS: giây. Thông tin bên dưới có thể đã cũ.`,
    ).toBe('Retrying every 3 seconds. The information below may be out of date.');
  });

  it('translates the kiosk booking flow, keeping placeholders', () => {
    loadTranslations(english.translations);
    const name = 'Nguyễn T*** L**';
    const seconds = 7;

    expect($localize`:@@kiosk.home.greeting: Xin chào, ${name}:NAME: `).toBe('Hello, Nguyễn T*** L**');
    expect($localize`:@@kiosk.wizard.hospital.any:Bệnh viện nào cũng được, sớm nhất`).toBe(
      'Any hospital, earliest time',
    );
    expect(
      $localize`:@@kiosk.idle.countdown: Màn hình sẽ trở về trang đầu sau ${seconds}:SECONDS: giây `,
    ).toBe('The screen will return to the start in 7 seconds');
    expect($localize`:@@kiosk.ticket.print:In phiếu`).toBe('Print ticket');
    expect($localize`:@@kiosk.home.cancel:Hủy lịch`).toBe('Cancel appointment');
  });

  it('has an English text for every kiosk message that differs from the Vietnamese', () => {
    const src = source.translations as Record<string, string>;
    const en = english.translations as Record<string, string>;
    const untranslated = Object.keys(src).filter(
      (id) => id.startsWith('kiosk.') && (!en[id]?.trim() || en[id]!.trim() === src[id]!.trim()),
    );
    expect(untranslated).toEqual([]);
  });

  it('has a translation for every message id extracted from the Vietnamese source', () => {
    const missing = Object.keys(source.translations).filter((id) => !(id in english.translations));
    expect(missing).toEqual([]);
  });

  it('has no stale ids that the source no longer uses', () => {
    const stale = Object.keys(english.translations).filter((id) => !(id in source.translations));
    expect(stale).toEqual([]);
  });

  it('keeps the same placeholders as the source in every message', () => {
    const src = source.translations as Record<string, string>;
    const en = english.translations as Record<string, string>;
    const mismatched = Object.keys(src).filter(
      (id) => id in en && placeholders(src[id]!).join() !== placeholders(en[id]!).join(),
    );
    expect(mismatched).toEqual([]);
  });
});
