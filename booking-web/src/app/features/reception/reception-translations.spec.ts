import { clearTranslations, loadTranslations } from '@angular/localize';

import english from '../../../locale/messages.en.json';
import source from '../../../locale/messages.json';

describe('English translation of the reception face and the kiosk record', () => {
  afterEach(() => clearTranslations());

  it('has an English text, different from the Vietnamese, for every reception and kiosk record message', () => {
    const src = source.translations as Record<string, string>;
    const en = english.translations as Record<string, string>;
    const ids = Object.keys(src).filter((id) => /^(reception|kiosk\.record)\./.test(id));

    expect(ids.length).toBeGreaterThan(160);
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

  it('translates the day list, its refusals and the card work, keeping their placeholders', () => {
    loadTranslations(english.translations);
    const queue = 5;
    const department = 'Tim mạch';
    const card = 'QN-7K4M-9XTA';
    const old = 'QN-1111-AAAA';
    const min = 3;

    expect($localize`:@@reception.tabs.dayList:Danh sách khám hôm nay`).toBe(
      "Today's appointments",
    );
    expect($localize`:@@reception.status.noShow:Không đến`).toBe('No-show');
    expect(
      $localize`:@@reception.dayList.error.notCheckInTime:Chưa tiếp đón được: chỉ tiếp đón trong ngày khám, từ 2 giờ trước giờ hẹn đến khi hết giờ hẹn.`,
    ).toBe(
      'Cannot check in yet: check-in is only on the day of the appointment, from 2 hours before its time until it ends.',
    );
    expect(
      $localize`:@@reception.dayList.checkedIn:Đã tiếp đón số ${queue}:QUEUE: (${department}:DEPARTMENT:).`,
    ).toBe('Checked in number 5 (Tim mạch).');
    expect(
      $localize`:@@reception.cards.replaced:Đã thay thẻ ${old}:OLD: bằng thẻ ${card}:CARD:. Thẻ ${old}:OLD: không dùng được nữa.`,
    ).toBe('Replaced card QN-1111-AAAA with card QN-7K4M-9XTA. Card QN-1111-AAAA no longer works.');
    expect(
      $localize`:@@reception.cards.error.reason:Ghi lý do (ít nhất ${min}:MIN: ký tự), ví dụ: mất thẻ.`,
    ).toBe('Give a reason (at least 3 characters), for example: card lost.');
  });

  it('translates the walk-in refusals and the feedback slip', () => {
    loadTranslations(english.translations);

    expect(
      $localize`:@@reception.walkIn.error.otherHospital:Khoa này thuộc bệnh viện khác: quầy chỉ tiếp nhận người bệnh vào các khoa của bệnh viện mình.`,
    ).toBe(
      "This department belongs to another hospital: the desk receives patients only into its own hospital's departments.",
    );
    expect(
      $localize`:@@reception.feedbackLink.error.otherHospital:Lượt khám này thuộc bệnh viện khác: chỉ lễ tân của bệnh viện đó in được phiếu đánh giá.`,
    ).toBe(
      "This visit belongs to another hospital: only that hospital's reception can print its feedback slip.",
    );
  });
});
