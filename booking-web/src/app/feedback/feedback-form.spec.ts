import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { FeedbackBody } from '@qn/contracts';

import { FeedbackForm } from './feedback-form';

describe('FeedbackForm', () => {
  let fixture: ComponentFixture<FeedbackForm>;
  let sent: FeedbackBody[];

  beforeEach(() => {
    fixture = TestBed.createComponent(FeedbackForm);
    sent = [];
    fixture.componentInstance.submitted.subscribe((body) => sent.push(body));
    fixture.detectChanges();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  // innerText: the text as laid out, so separate blocks read as separate words.
  const text = (selector: string): string =>
    (page().querySelector<HTMLElement>(selector)?.innerText ?? '').replace(/\s+/g, ' ').trim();

  function rate(aspect: string, value: number): void {
    const input = page().querySelector<HTMLInputElement>(
      `[data-testid="rate-${aspect}-${value}"]`,
    )!;
    input.click();
    fixture.detectChanges();
  }

  function type(value: string): void {
    const box = page().querySelector<HTMLTextAreaElement>('[data-testid="comment"]')!;
    box.value = value;
    box.dispatchEvent(new Event('input'));
    fixture.detectChanges();
  }

  function send(): void {
    page().querySelector<HTMLButtonElement>('[data-testid="send-feedback"]')!.click();
    fixture.detectChanges();
  }

  it('asks about the four aspects in Vietnamese, each from 1 to 5 with its words', () => {
    const legends = [...page().querySelectorAll('legend')].map((l) => l.textContent?.trim());
    expect(legends).toEqual([
      'Thời gian chờ',
      'Thái độ nhân viên',
      'Vệ sinh, sạch sẽ',
      'Hài lòng chung',
    ]);
    expect(text('[data-aspect="overall"] .aspect__choices')).toBe(
      '1 Rất không hài lòng 2 Không hài lòng 3 Bình thường 4 Hài lòng 5 Rất hài lòng',
    );
    expect(page().querySelectorAll('input[type="radio"]').length).toBe(20);
    expect(text('[data-testid="send-feedback"]')).toBe('Gửi đánh giá');
  });

  it('says which aspects still need a rating and sends nothing', () => {
    rate('staff', 5);
    send();

    expect(sent).toEqual([]);
    expect(text('[data-testid="form-problems"]')).toBe(
      'Vui lòng chọn mức đánh giá cho “Thời gian chờ”. Vui lòng chọn mức đánh giá cho “Vệ sinh, sạch sẽ”. Vui lòng chọn mức đánh giá cho “Hài lòng chung”.',
    );
    expect(page().querySelectorAll('[data-testid="missing"]').length).toBe(3);
    expect(page().querySelector('[data-aspect="staff"]')?.getAttribute('aria-invalid')).toBe(
      'false',
    );
  });

  it('counts the comment in characters and refuses one over 2,000', () => {
    type('Phòng chờ sạch sẽ');
    expect(text('[data-testid="comment-count"]')).toBe('17/2000 ký tự');

    for (const aspect of ['waitingTime', 'staff', 'cleanliness', 'overall']) rate(aspect, 4);
    type('ạ'.repeat(2001));
    send();

    expect(sent).toEqual([]);
    expect(text('[data-testid="form-problems"]')).toBe(
      'Góp ý dài 2001 ký tự, quá 2000 ký tự cho phép. Vui lòng viết ngắn lại.',
    );
    expect(page().querySelector('[data-testid="comment-count"]')?.classList).toContain(
      'comment__count--over',
    );
  });

  it('sends the four ratings and the comment, kept in Vietnamese as one form of Unicode', () => {
    rate('waitingTime', 2);
    rate('staff', 5);
    rate('cleanliness', 4);
    rate('overall', 3);
    type('  Bác sĩ rất tận tình.  '.normalize('NFD'));
    send();

    expect(sent).toEqual([
      {
        ratings: { waitingTime: 2, staff: 5, cleanliness: 4, overall: 3 },
        comment: 'Bác sĩ rất tận tình.',
      },
    ]);
    expect(page().querySelector('[data-testid="form-problems"]')).toBeNull();
  });

  it('leaves the comment out when there is none, and shows the API refusal', () => {
    for (const aspect of ['waitingTime', 'staff', 'cleanliness', 'overall']) rate(aspect, 5);
    send();
    expect(sent).toEqual([{ ratings: { waitingTime: 5, staff: 5, cleanliness: 5, overall: 5 } }]);

    fixture.componentRef.setInput('error', 'Lượt khám này đã được đánh giá.');
    fixture.componentRef.setInput('submitting', true);
    fixture.detectChanges();
    expect(text('[data-testid="form-error"]')).toBe('Lượt khám này đã được đánh giá.');
    expect(
      page().querySelector<HTMLButtonElement>('[data-testid="send-feedback"]')!.disabled,
    ).toBeTrue();
  });
});
