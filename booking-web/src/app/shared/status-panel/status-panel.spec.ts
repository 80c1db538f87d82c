import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { hapiDownStatus, readyStatus } from '../../../testing/status-fixtures';
import { STATUS_POLL_INTERVAL_MS } from '../../core/api-config';
import type { SystemStatus } from '../../core/api-types';
import { StatusPanel } from './status-panel';

const INTERVAL_MS = 3000;

describe('StatusPanel', () => {
  let fixture: ComponentFixture<StatusPanel>;
  let http: HttpTestingController;

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date('2025-11-24T07:05:04.000Z'));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: STATUS_POLL_INTERVAL_MS, useValue: INTERVAL_MS },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StatusPanel);
    fixture.detectChanges();
  });

  afterEach(() => {
    fixture.destroy();
    http.verify();
    jasmine.clock().uninstall();
  });

  /** Lets the poll's next tick fire and answers its request with `status`. */
  function answer(status: SystemStatus, afterMs = 0): void {
    jasmine.clock().tick(afterMs);
    http.expectOne('/api/status').flush(status);
    fixture.detectChanges();
  }

  function fail(afterMs = 0): void {
    jasmine.clock().tick(afterMs);
    http
      .expectOne('/api/status')
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    fixture.detectChanges();
  }

  function text(selector: string): string {
    const el: HTMLElement | null = fixture.nativeElement.querySelector(selector);
    return el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  it('says it is loading before the first answer arrives', () => {
    expect(text('[data-testid="overall"]')).toContain('Đang tải tình trạng…');
    jasmine.clock().tick(0);
    http.expectOne('/api/status');
  });

  it('shows "ready" in words and every component as up with its latency when all is well', () => {
    answer(readyStatus());

    const overall = fixture.nativeElement.querySelector('[data-testid="overall"]') as HTMLElement;
    expect(overall.dataset['state']).toBe('ready');
    expect(text('[data-testid="overall"]')).toContain('Hệ thống sẵn sàng');
    expect(text('[data-component="mongodb"]')).toContain('MongoDB');
    expect(text('[data-component="mongodb"]')).toContain('Hoạt động');
    expect(text('[data-component="mongodb"]')).toContain('Thời gian phản hồi: 4 ms');
    expect(text('[data-component="hapi-fhir"]')).toContain('HAPI FHIR');
    expect(text('[data-component="hapi-fhir"]')).toContain('37 ms');
  });

  it('shows a down component with its problem detail and "degraded" overall when HAPI is down', () => {
    answer(hapiDownStatus());

    expect(text('[data-testid="overall"]')).toContain('Hệ thống đang gặp sự cố');
    const hapi = text('[data-component="hapi-fhir"]');
    expect(hapi).toContain('Ngừng hoạt động');
    expect(hapi).toContain('connect ECONNREFUSED 127.0.0.1:8080');
    expect(hapi).not.toContain('ms');
    expect(text('[data-component="mongodb"]')).toContain('Hoạt động');
  });

  it('lists the three hospitals with their department and practitioner counts', () => {
    answer(readyStatus());

    const rows = fixture.nativeElement.querySelectorAll(
      '[data-testid="hospitals"] tbody tr',
    ) as NodeListOf<HTMLTableRowElement>;
    expect(rows.length).toBe(3);
    const first = Array.from(rows[0]!.cells).map((c) => c.textContent?.trim());
    expect(first).toEqual(['Bệnh viện Đa khoa tỉnh Quảng Ninh', '22001', '24', '310']);
    expect(text('[data-hospital="bv-baichay"]')).toContain('Bệnh viện Bãi Cháy');
  });

  it('explains that the hospital directory is unavailable when hospitals is null', () => {
    answer(hapiDownStatus());

    expect(fixture.nativeElement.querySelector('[data-testid="hospitals"]')).toBeNull();
    expect(text('[data-testid="hospitals-unavailable"]')).toContain(
      'máy chủ HAPI FHIR không phản hồi',
    );
  });

  it('shows each agent online with its readers and last card tap in Viet Nam time', () => {
    answer(readyStatus());

    const agent = text('[data-agent="kiosk-bvdk-01"]');
    expect(agent).toContain('Trực tuyến');
    expect(agent).toContain('Virtual PCD 00 00, Virtual PCD 00 01');
    // 07:04:30Z is 14:04:30 in Asia/Ho_Chi_Minh (UTC+7).
    expect(agent).toContain('Lần chạm thẻ gần nhất: 14:04:30 24/11/2025');
  });

  it('says a registered station has never connected instead of showing a made-up date', () => {
    answer({ ...readyStatus(), agents: [{ deviceId: 'reception-01', online: false, readers: [] }] });

    const agent = text('[data-agent="reception-01"]');
    expect(agent).toContain('Chưa từng kết nối.');
    expect(agent).not.toContain('1970');
  });

  it('says no agent is connected when the list is empty', () => {
    answer(hapiDownStatus());

    expect(text('.block:nth-of-type(2)')).toContain('Chưa có máy đọc thẻ nào kết nối.');
  });

  it('shows when the status was last updated, in Viet Nam time', () => {
    answer(readyStatus());

    expect(text('[data-testid="updated"]')).toContain('Cập nhật lúc 14:05:04');
    expect(text('[data-testid="updated"]')).toContain('Phiên bản API 0.1.0');
  });

  it('shows a Vietnamese error banner and an unknown state when the API cannot be reached', () => {
    fail();

    const banner = fixture.nativeElement.querySelector('[data-testid="api-unreachable"]');
    expect(banner).not.toBeNull();
    expect(banner.querySelector('[role="alert"]')?.textContent).toContain(
      'Không kết nối được với máy chủ API.',
    );
    expect(text('[data-testid="api-unreachable"]')).toContain(
      'Không kết nối được với máy chủ API.',
    );
    expect(text('[data-testid="api-unreachable"]')).toContain('sau mỗi 3 giây');
    expect(text('[data-testid="overall"]')).toContain('Không xác định được tình trạng');
  });

  it('keeps the last good status on screen under the banner when a later poll fails', () => {
    answer(readyStatus());
    fail(INTERVAL_MS);

    expect(fixture.nativeElement.querySelector('[data-testid="api-unreachable"]')).not.toBeNull();
    expect(text('[data-component="mongodb"]')).toContain('Hoạt động');
    expect(text('[data-testid="updated"]')).toContain('Cập nhật lúc 14:05:04');
  });

  it('clears the banner when the API answers again on the next poll', () => {
    fail();
    answer(readyStatus(), INTERVAL_MS);

    expect(fixture.nativeElement.querySelector('[data-testid="api-unreachable"]')).toBeNull();
    expect(text('[data-testid="overall"]')).toContain('Hệ thống sẵn sàng');
  });

  it('stops polling when destroyed', () => {
    answer(readyStatus());
    fixture.destroy();
    jasmine.clock().tick(INTERVAL_MS * 3);
    http.expectNone('/api/status');
  });
});
