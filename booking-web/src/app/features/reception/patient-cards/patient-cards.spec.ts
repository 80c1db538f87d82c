import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import type { PatientCard } from '../reception-api';
import { chipUid } from './card-input';
import { PatientCards } from './patient-cards';

const PATIENT = 'bc-pat-77';

function card(overrides: Partial<PatientCard> = {}): PatientCard {
  return {
    cardId: 'QN-7K4M-9XTA',
    uid: '04A23B1C5D6E80',
    patientId: PATIENT,
    status: 'active',
    statusHistory: [{ status: 'active', at: '2025-11-20T02:00:00.000Z', reason: 'issued' }],
    keyVersion: 1,
    issuedAt: '2025-11-20T02:00:00.000Z',
    expiresAt: '2030-11-20T02:00:00.000Z',
    ...overrides,
  };
}

const current = card();
const lost = card({
  cardId: 'QN-1111-AAAA',
  uid: '04000000000001',
  status: 'revoked',
  statusHistory: [
    { status: 'active', at: '2024-01-10T01:00:00.000Z', reason: 'issued' },
    { status: 'revoked', at: '2025-11-20T01:55:00.000Z', reason: 'mất thẻ (user:usr-reception-1)' },
  ],
  issuedAt: '2024-01-10T01:00:00.000Z',
  expiresAt: '2029-01-10T01:00:00.000Z',
});

function problem(
  status: number,
  type: string,
  detail: string,
): [object, { status: number; statusText: string }] {
  return [
    { type: `/problems/${type}`, status, detail },
    { status, statusText: status === 409 ? 'Conflict' : 'Error' },
  ];
}

describe('chipUid', () => {
  it('accepts 14 hex digits as a desk reader shows them, grouped or not, in upper case', () => {
    expect(chipUid('04a23b1c5d6e80')).toBe('04A23B1C5D6E80');
    expect(chipUid(' 04:A2:3B:1C:5D:6E:80 ')).toBe('04A23B1C5D6E80');
    expect(chipUid('04 A2 3B 1C 5D 6E 80')).toBe('04A23B1C5D6E80');
    expect(chipUid('04-A2-3B-1C-5D-6E-80')).toBe('04A23B1C5D6E80');
  });

  it('refuses anything that is not a 7-byte UID', () => {
    expect(chipUid('')).toBeNull();
    expect(chipUid('04A23B1C5D6E')).toBeNull(); // 6 bytes
    expect(chipUid('04A23B1C5D6E8000')).toBeNull(); // 8 bytes
    expect(chipUid('04A23B1C5D6EZ0')).toBeNull();
  });
});

describe('PatientCards', () => {
  let fixture: ComponentFixture<PatientCards>;
  let http: HttpTestingController;

  const listUrl = `/api/patients/${PATIENT}/cards`;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    localStorage.removeItem('qn.reception.deskStation');
    fixture = TestBed.createComponent(PatientCards);
    fixture.componentRef.setInput('patientId', PATIENT);
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    (fixture.nativeElement as HTMLElement).remove();
    http.verify();
  });

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const clean = (value: string | null | undefined): string =>
    (value ?? '').replace(/\s+/g, ' ').trim();
  const text = (selector: string, within: ParentNode = page()): string =>
    clean(within.querySelector(selector)?.textContent);
  const cardEl = (id: string): HTMLElement =>
    page().querySelector<HTMLElement>(`[data-testid="card"][data-card="${id}"]`)!;
  const dialog = (): HTMLDialogElement => page().querySelector('dialog')!;
  const field = (selector: string): HTMLInputElement =>
    page().querySelector<HTMLInputElement>(selector)!;

  async function loaded(cards: PatientCard[] = [current, lost]): Promise<void> {
    http.expectOne(listUrl).flush(cards);
    await settle();
  }

  async function click(selector: string, within: ParentNode = page()): Promise<void> {
    within.querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  async function type(selector: string, value: string): Promise<void> {
    const input = field(selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  it("lists the patient's cards newest first, with status in words, chip UID, dates and history", async () => {
    await loaded();
    const cards = [...page().querySelectorAll<HTMLElement>('[data-testid="card"]')];
    expect(cards.map((c) => c.dataset['card'])).toEqual(['QN-7K4M-9XTA', 'QN-1111-AAAA']);
    expect(text('[data-testid="card-status"]', cards[0])).toBe('✓ Đang dùng');
    expect(text('[data-testid="card-status"]', cards[1])).toBe('✕ Đã thu hồi');
    const facts = text('.card__facts', cards[0]);
    expect(facts).toContain('04A23B1C5D6E80');
    expect(facts).toContain('09:00:00 20/11/2025');
    expect(facts).toContain('Thứ Tư, 20/11/2030');

    const history = cards[1]!.querySelector<HTMLDetailsElement>('[data-testid="card-history"]')!;
    expect(text('summary', history)).toBe('Lịch sử thẻ (2)');
    expect([...history.querySelectorAll('li')].map((li) => clean(li.textContent))).toEqual([
      '08:00:00 10/01/2024: Đang dùng — issued',
      '08:55:00 20/11/2025: Đã thu hồi — mất thẻ (user:usr-reception-1)',
    ]);

    // Only the working card can be replaced or revoked; with one, a new card is a replacement.
    expect(cards[0]!.querySelector('[data-testid="card-replace"]')).not.toBeNull();
    expect(cards[1]!.querySelector('[data-testid="card-replace"]')).toBeNull();
    expect(cards[1]!.querySelector('[data-testid="card-revoke"]')).toBeNull();
    expect(page().querySelector('[data-testid="card-issue"]')).toBeNull();
    expect(text('[data-testid="cards-has-active"]')).toContain('bấm "Thay thẻ"');
  });

  it('checks the chip UID before issuing, and issues the card with the UID as the API wants it', async () => {
    await loaded([]);
    expect(text('[data-testid="no-cards"]')).toBe('Người bệnh chưa có thẻ nào.');
    expect(text('#card-issue-uid-hint')).toContain('Mã chip (UID) hiện trên đầu đọc thẻ');

    await click('[data-testid="card-issue-submit"]');
    expect(text('[data-testid="card-issue-uid-error"]')).toBe(
      'Nhập mã chip (UID) hiện trên đầu đọc thẻ.',
    );
    expect(field('#card-issue-uid').getAttribute('aria-invalid')).toBe('true');
    expect(field('#card-issue-uid').getAttribute('aria-describedby')).toBe(
      'card-issue-uid-hint card-issue-uid-error',
    );

    await type('#card-issue-uid', '04A23B1C5D6E'); // 12 digits: one byte short
    await click('[data-testid="card-issue-submit"]');
    expect(text('[data-testid="card-issue-uid-error"]')).toBe(
      'Mã chip (UID) phải gồm đúng 14 chữ số hệ mười sáu (0–9, A–F), ví dụ 04A23B1C5D6E80.',
    );
    http.expectNone({ method: 'POST' });

    // The error follows the typing and goes once the UID is right.
    await type('#card-issue-uid', '04 a2 3b 1c 5d 6e 80');
    expect(page().querySelector('[data-testid="card-issue-uid-error"]')).toBeNull();
    expect(field('#card-issue-uid').getAttribute('aria-invalid')).toBeNull();

    await click('[data-testid="card-issue-submit"]');
    const post = http.expectOne({ method: 'POST', url: '/api/cards' });
    expect(post.request.body).toEqual({ patientId: PATIENT, uid: '04A23B1C5D6E80' });
    post.flush(current, { status: 201, statusText: 'Created' });
    await settle();

    expect(cardEl('QN-7K4M-9XTA')).not.toBeNull();
    expect(text('[data-testid="cards-notice"]')).toBe(
      '✓ Đã cấp thẻ QN-7K4M-9XTA (chip 04A23B1C5D6E80) cho người bệnh.',
    );
    expect(page().querySelector('[data-testid="card-issue"]')).toBeNull();
    expect(document.activeElement?.id).toBe('reception-cards-title');
  });

  it('says at the UID field that a chip already registered cannot be issued again (409)', async () => {
    await loaded([]);
    await type('#card-issue-uid', '04A23B1C5D6E80');
    await click('[data-testid="card-issue-submit"]');
    http
      .expectOne('/api/cards')
      .flush(
        ...problem(409, 'card-exists', 'A card with UID 04A23B1C5D6E80 is already registered'),
      );
    await settle();
    expect(text('[data-testid="card-issue-uid-error"]')).toBe(
      'Chip này đã được đăng ký cho một thẻ rồi (mỗi chip chỉ cấp một lần). Hãy dùng một thẻ trắng khác.',
    );
    expect(page().querySelector('[data-testid="card"]')).toBeNull();
    expect(field('#card-issue-uid').value).toBe('04A23B1C5D6E80');
  });

  it('says so when the server cannot issue cards yet (keys not configured)', async () => {
    await loaded([lost]);
    await type('#card-issue-uid', '04A23B1C5D6E80');
    await click('[data-testid="card-issue-submit"]');
    http
      .expectOne('/api/cards')
      .flush(...problem(503, 'cards-not-configured', 'Set QN_CARD_META_KEY'));
    await settle();
    expect(text('[data-testid="card-issue-error"]')).toBe(
      '✕ Hệ thống chưa được cài khóa thẻ nên chưa cấp được thẻ. Hãy báo bộ phận CNTT.',
    );
  });

  it('replaces a card after a dialog that says the old card stops working at once', async () => {
    await loaded();
    await click('[data-testid="card-replace"]', cardEl('QN-7K4M-9XTA'));
    expect(dialog().open).toBeTrue();
    expect(text('#card-dialog-title')).toBe('Thay thẻ QN-7K4M-9XTA?');
    expect(text('[data-testid="card-dialog-what"]')).toContain(
      'Thẻ cũ QN-7K4M-9XTA sẽ ngừng hoạt động ngay khi thẻ mới được cấp',
    );
    expect(document.activeElement?.id).toBe('card-dialog-uid');

    // Both the new chip and a reason are required.
    await click('[data-testid="card-dialog-confirm"]');
    expect(text('[data-testid="card-dialog-uid-error"]')).toBe(
      'Nhập mã chip (UID) hiện trên đầu đọc thẻ.',
    );
    expect(text('[data-testid="card-dialog-reason-error"]')).toBe(
      'Ghi lý do (ít nhất 3 ký tự), ví dụ: mất thẻ.',
    );
    await type('#card-dialog-uid', '04:B1:00:00:00:00:02');
    await type('#card-dialog-reason', '  x ');
    await click('[data-testid="card-dialog-confirm"]');
    expect(page().querySelector('[data-testid="card-dialog-uid-error"]')).toBeNull();
    expect(text('[data-testid="card-dialog-reason-error"]')).toContain('ít nhất 3 ký tự');
    http.expectNone({ method: 'POST' });

    await type('#card-dialog-reason', 'Thẻ hỏng ');
    await click('[data-testid="card-dialog-confirm"]');
    const post = http.expectOne({ method: 'POST', url: '/api/cards/QN-7K4M-9XTA/replace' });
    expect(post.request.body).toEqual({ uid: '04B10000000002', reason: 'Thẻ hỏng' });
    const fresh = card({
      cardId: 'QN-2222-BBBB',
      uid: '04B10000000002',
      replaces: 'QN-7K4M-9XTA',
      issuedAt: '2025-11-24T03:00:00.000Z',
    });
    post.flush(
      { old: { ...current, status: 'replaced' }, card: fresh },
      { status: 201, statusText: 'Created' },
    );
    await settle();

    expect(dialog().open).toBeFalse();
    const cards = [...page().querySelectorAll<HTMLElement>('[data-testid="card"]')];
    expect(cards.map((c) => `${c.dataset['card']} ${c.dataset['status']}`)).toEqual([
      'QN-2222-BBBB active',
      'QN-7K4M-9XTA replaced',
      'QN-1111-AAAA revoked',
    ]);
    expect(text('.card__facts div:last-child', cards[0])).toBe('Thay cho thẻQN-7K4M-9XTA');
    expect(text('[data-testid="card-status"]', cards[1])).toBe('⇄ Đã thay');
    expect(text('[data-testid="cards-notice"]')).toBe(
      '✓ Đã thay thẻ QN-7K4M-9XTA bằng thẻ QN-2222-BBBB. Thẻ QN-7K4M-9XTA không dùng được nữa.',
    );
    expect(document.activeElement?.id).toBe('reception-cards-title');
  });

  it('keeps the replacement dialog open at the UID when the new chip is already registered', async () => {
    await loaded();
    await click('[data-testid="card-replace"]');
    await type('#card-dialog-uid', '04B10000000002');
    await type('#card-dialog-reason', 'mất thẻ');
    await click('[data-testid="card-dialog-confirm"]');
    http
      .expectOne('/api/cards/QN-7K4M-9XTA/replace')
      .flush(
        ...problem(409, 'card-exists', 'A card with UID 04B10000000002 is already registered'),
      );
    await settle();
    expect(dialog().open).toBeTrue();
    expect(text('[data-testid="card-dialog-uid-error"]')).toContain(
      'Chip này đã được đăng ký cho một thẻ rồi',
    );
    expect(text('[data-testid="card-status"]', cardEl('QN-7K4M-9XTA'))).toBe('✓ Đang dùng');
  });

  it('revokes a card after a dialog that says it stops working at once, with a reason', async () => {
    await loaded();
    await click('[data-testid="card-revoke"]', cardEl('QN-7K4M-9XTA'));
    expect(dialog().open).toBeTrue();
    expect(text('#card-dialog-title')).toBe('Thu hồi thẻ QN-7K4M-9XTA?');
    expect(text('[data-testid="card-dialog-what"]')).toBe(
      'Thẻ QN-7K4M-9XTA sẽ ngừng hoạt động ngay lập tức: chạm thẻ này ở ki-ốt sẽ bị từ chối. Không hoàn tác được; nếu tìm lại được thẻ thì cũng phải cấp thẻ mới.',
    );
    expect(page().querySelector('#card-dialog-uid')).toBeNull();
    expect(document.activeElement?.id).toBe('card-dialog-reason');

    await click('[data-testid="card-dialog-confirm"]');
    expect(text('[data-testid="card-dialog-reason-error"]')).toContain('Ghi lý do');
    http.expectNone({ method: 'POST' });

    await type('#card-dialog-reason', 'Mất thẻ');
    await click('[data-testid="card-dialog-confirm"]');
    const post = http.expectOne({ method: 'POST', url: '/api/cards/QN-7K4M-9XTA/revoke' });
    expect(post.request.body).toEqual({ reason: 'Mất thẻ' });
    post.flush({
      ...current,
      status: 'revoked',
      statusHistory: [
        ...current.statusHistory,
        { status: 'revoked', at: '2025-11-24T03:00:00.000Z', reason: 'Mất thẻ (user:usr-1)' },
      ],
    });
    await settle();

    expect(dialog().open).toBeFalse();
    expect(text('[data-testid="card-status"]', cardEl('QN-7K4M-9XTA'))).toBe('✕ Đã thu hồi');
    expect(cardEl('QN-7K4M-9XTA').querySelector('[data-testid="card-revoke"]')).toBeNull();
    expect(text('[data-testid="cards-notice"]')).toBe(
      '✓ Đã thu hồi thẻ QN-7K4M-9XTA. Thẻ này không dùng được nữa.',
    );
    // No working card left: a new one can be issued.
    expect(page().querySelector('[data-testid="card-issue"]')).not.toBeNull();
  });

  it('reads the cards again when the card was no longer active (409), keeping the dialog with the reason', async () => {
    await loaded();
    await click('[data-testid="card-revoke"]');
    await type('#card-dialog-reason', 'Mất thẻ');
    await click('[data-testid="card-dialog-confirm"]');
    http
      .expectOne('/api/cards/QN-7K4M-9XTA/revoke')
      .flush(...problem(409, 'card-not-active', 'Card QN-7K4M-9XTA is revoked.'));
    await settle();
    expect(dialog().open).toBeTrue();
    expect(text('[data-testid="card-dialog-error"]')).toBe(
      'Thẻ này không còn hoạt động (đã thay, đã thu hồi hoặc hết hạn). Danh sách thẻ đã được tải lại.',
    );
    http.expectOne(listUrl).flush([{ ...current, status: 'revoked' }, lost]);
    await settle();
    expect(text('[data-testid="card-status"]', cardEl('QN-7K4M-9XTA'))).toBe('✕ Đã thu hồi');
  });

  it('sends nothing when the receptionist goes back or presses Escape', async () => {
    await loaded();
    await click('[data-testid="card-revoke"]');
    await type('#card-dialog-reason', 'Mất thẻ');
    await click('[data-testid="card-dialog-keep"]');
    expect(dialog().open).toBeFalse();

    await click('[data-testid="card-replace"]');
    // A new dialog starts empty.
    expect(field('#card-dialog-reason').value).toBe('');
    dialog().dispatchEvent(new Event('cancel', { cancelable: true }));
    await settle();
    expect(dialog().open).toBeFalse();
    http.expectNone({ method: 'POST' });
  });

  it('shows the problem and retries when the cards cannot be read', async () => {
    http.expectOne(listUrl).flush(null, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(text('[data-testid="cards-error"]')).toBe(
      '✕ Máy chủ báo lỗi (mã 503). Vui lòng thử lại.',
    );
    await click('[data-testid="cards-error"] + .btn');
    await loaded([current]);
    expect(page().querySelectorAll('[data-testid="card"]').length).toBe(1);
  });

  describe('at the desk reader', () => {
    const stations = [
      { deviceId: 'kiosk-bvdk-01', online: true, readers: ['Virtual PCD 00 01'] },
      { deviceId: 'desk-bvdk-01', online: true, readers: ['Virtual PCD 00 00'] },
      { deviceId: 'desk-bvdk-02', online: false, readers: [] },
    ];
    const select = (): HTMLSelectElement =>
      page().querySelector<HTMLSelectElement>('[data-testid="desk-station"]')!;

    async function openIssue(list: object[] = stations): Promise<void> {
      await loaded([]);
      await click('[data-testid="desk-issue-open"]');
      http.expectOne({ method: 'GET', url: '/api/stations' }).flush(list);
      await settle();
    }

    async function choose(stationId: string): Promise<void> {
      select().value = stationId;
      select().dispatchEvent(new Event('change'));
      await settle();
    }

    it('issues a new card: choose the station, place the blank card, wait while it is written, then the card is listed', async () => {
      await openIssue();
      expect(text('#desk-title')).toBe('Phát thẻ mới tại quầy');
      // Only connected stations can be chosen.
      expect([...select().options].map((o) => o.value)).toEqual(['kiosk-bvdk-01', 'desk-bvdk-01']);
      await choose('desk-bvdk-01');
      expect(text('[data-testid="desk-steps"]')).toContain(
        'Đặt thẻ trắng lên đầu đọc của trạm đã chọn.',
      );

      await click('[data-testid="desk-submit"]');
      const post = http.expectOne({ method: 'POST', url: '/api/cards' });
      expect(post.request.body).toEqual({ patientId: PATIENT, stationId: 'desk-bvdk-01' });
      expect(text('[data-testid="desk-progress"]')).toBe(
        'Đang ghi thẻ… Đừng nhấc thẻ khỏi đầu đọc.',
      );
      expect(field('[data-testid="desk-submit"]').disabled).toBeTrue();
      expect(select().disabled).toBeTrue();

      post.flush(
        { ...current, personalisedAt: 'desk-bvdk-01' },
        { status: 201, statusText: 'Created' },
      );
      await settle();
      expect(text('[data-testid="cards-notice"]')).toBe(
        '✓ Đã phát thẻ QN-7K4M-9XTA (chip 04A23B1C5D6E80) cho người bệnh. Có thể nhấc thẻ khỏi đầu đọc.',
      );
      expect(cardEl('QN-7K4M-9XTA')).not.toBeNull();
      expect(page().querySelector('[data-testid="desk-panel"]')).toBeNull();
      expect(localStorage.getItem('qn.reception.deskStation')).toBe('desk-bvdk-01');
    });

    it('says to put the same card back when it was lifted midway, and finishes when tried again', async () => {
      await openIssue();
      await click('[data-testid="desk-submit"]');
      http
        .expectOne({ method: 'POST', url: '/api/cards' })
        .flush(...problem(409, 'card-removed', 'Thẻ bị nhấc khỏi đầu đọc giữa chừng'));
      await settle();
      expect(text('[data-testid="desk-error"]')).toBe(
        '✕ Thẻ bị nhấc ra khi đang ghi. Đặt lại đúng thẻ đó lên đầu đọc rồi bấm lại: việc ghi sẽ làm tiếp từ chỗ dừng.',
      );
      expect(page().querySelector('[data-testid="card"]')).toBeNull();

      await click('[data-testid="desk-submit"]');
      http
        .expectOne({ method: 'POST', url: '/api/cards' })
        .flush(current, { status: 201, statusText: 'Created' });
      await settle();
      expect(page().querySelector('[data-testid="desk-error"]')).toBeNull();
      expect(cardEl('QN-7K4M-9XTA')).not.toBeNull();
    });

    it('asks for the card to be placed when none was on the reader, and names a station that is offline', async () => {
      await openIssue();
      await click('[data-testid="desk-submit"]');
      http
        .expectOne('/api/cards')
        .flush(...problem(409, 'no-card-on-reader', 'Đặt thẻ lên đầu đọc'));
      await settle();
      expect(text('[data-testid="desk-error"]')).toBe(
        '✕ Chưa thấy thẻ trên đầu đọc. Đặt thẻ lên đầu đọc của trạm đã chọn rồi bấm lại.',
      );
      await click('[data-testid="desk-submit"]');
      http.expectOne('/api/cards').flush(...problem(409, 'station-offline', 'offline'));
      await settle();
      expect(text('[data-testid="desk-error"]')).toContain('Trạm đọc thẻ đã chọn đang mất kết nối');
    });

    it('says no station is connected, and looks again on "Tải lại"', async () => {
      await openIssue([{ deviceId: 'desk-bvdk-02', online: false, readers: [] }]);
      expect(text('[data-testid="desk-no-station"]')).toContain(
        'Không có trạm đọc thẻ nào đang kết nối.',
      );
      expect(page().querySelector('[data-testid="desk-submit"]')).toBeNull();
      await click('[data-testid="desk-reload"]');
      http.expectOne('/api/stations').flush(stations);
      await settle();
      expect(select().value).toBe('kiosk-bvdk-01');
    });

    it('picks the station chosen last time on this browser when it is connected', async () => {
      localStorage.setItem('qn.reception.deskStation', 'desk-bvdk-01');
      await openIssue();
      expect(select().value).toBe('desk-bvdk-01');
    });

    it('re-keys an active card on the chosen station and shows its new key version', async () => {
      await loaded([current]);
      expect(text('[data-testid="card-key-version"]')).toBe('1');
      await click('[data-testid="card-rekey"]', cardEl('QN-7K4M-9XTA'));
      http.expectOne('/api/stations').flush(stations);
      await settle();
      expect(text('#desk-title')).toBe('Đổi khóa thẻ QN-7K4M-9XTA');
      expect(text('[data-testid="desk-steps"]')).toContain(
        'Đặt thẻ QN-7K4M-9XTA lên đầu đọc của trạm đã chọn.',
      );
      await choose('desk-bvdk-01');
      await click('[data-testid="desk-submit"]');
      const post = http.expectOne({ method: 'POST', url: '/api/cards/QN-7K4M-9XTA/rekey' });
      expect(post.request.body).toEqual({ stationId: 'desk-bvdk-01' });
      post.flush({ ...current, keyVersion: 2 });
      await settle();
      expect(text('[data-testid="cards-notice"]')).toBe(
        '✓ Đã đổi khóa thẻ QN-7K4M-9XTA sang phiên bản 2. Khóa cũ không dùng được nữa.',
      );
      expect(text('[data-testid="card-key-version"]')).toBe('2');
    });

    it('closes the panel without sending anything on "Đóng"', async () => {
      await openIssue();
      await click('[data-testid="desk-close"]');
      expect(page().querySelector('[data-testid="desk-panel"]')).toBeNull();
      http.expectNone({ method: 'POST' });
    });
  });
});
