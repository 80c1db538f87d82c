import { type ComponentFixture, DeferBlockState } from '@angular/core/testing';

import type {
  AvailableSlot,
  Booking,
  DepartmentEntry,
  HospitalSummary,
  KioskSession,
  StationEvent,
} from '../app/features/kiosk/kiosk-types';
import type { EventSourceLike } from '../app/features/kiosk/station-events';

/** A stand-in for the browser's EventSource that specs drive by hand. */
export class FakeEventSource implements EventSourceLike {
  static readonly all: FakeEventSource[] = [];
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent<string>) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.all[FakeEventSource.all.length - 1];
    if (!source) throw new Error('no EventSource was opened');
    return source;
  }

  static reset(): void {
    FakeEventSource.all.length = 0;
  }

  open(): void {
    this.onopen?.(new Event('open'));
  }

  emit(event: StationEvent): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(event) }));
  }

  emitRaw(data: string): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }

  close(): void {
    this.closed = true;
  }
}

export const session: KioskSession = {
  token: 'tok-secret-123',
  stationId: 'kiosk-01',
  patient: { id: 'pat-1', maskedName: 'Nguyễn T*** L**', birthYear: 1956 },
  expiresAt: '2025-11-24T01:15:00.000Z',
};

export function sessionStarted(s: KioskSession = session): StationEvent {
  return { type: 'session.started', session: s, at: '2025-11-24T01:00:00.000Z' };
}

export const hospitals: HospitalSummary[] = [
  { id: 'bvdk', name: 'Bệnh viện Đa khoa tỉnh', facilityCode: '22001', departmentCount: 2, practitionerCount: 10 },
  { id: 'bvsn', name: 'Bệnh viện Sản Nhi', facilityCode: '22002', departmentCount: 1, practitionerCount: 8 },
  { id: 'bvbc', name: 'Bệnh viện Bãi Cháy', facilityCode: '22003', departmentCount: 1, practitionerCount: 9 },
];

export const departments: DepartmentEntry[] = [
  { hospitalId: 'bvdk', serviceId: 'svc-dk-kb', code: 'kham-benh', name: 'Khám bệnh', directions: 'Nhà A, tầng 1' },
  { hospitalId: 'bvdk', serviceId: 'svc-dk-tm', code: 'tim-mach', name: 'Tim mạch', directions: 'Nhà B, tầng 2' },
  { hospitalId: 'bvsn', serviceId: 'svc-sn-nhi', code: 'nhi', name: 'Nhi', directions: 'Nhà C' },
  { hospitalId: 'bvbc', serviceId: 'svc-bc-kb', code: 'kham-benh', name: 'Khám bệnh', directions: 'Tầng 1' },
];

/** A free slot at `hhmm` (Viet Nam time) on local day `day` (`YYYY-MM-DD`). */
export function slot(day: string, hhmm: string, overrides: Partial<AvailableSlot> = {}): AvailableSlot {
  const start = new Date(`${day}T${hhmm}:00+07:00`);
  return {
    slotId: `slot-${day}-${hhmm.replace(':', '')}`,
    hospitalId: 'bvdk',
    hospitalName: 'Bệnh viện Đa khoa tỉnh',
    serviceId: 'svc-dk-tm',
    serviceName: 'Tim mạch',
    departmentCode: 'tim-mach',
    start: start.toISOString(),
    end: new Date(start.getTime() + 15 * 60_000).toISOString(),
    seatsLeft: 3,
    ...overrides,
  };
}

export function bookingFor(s: AvailableSlot, overrides: Partial<Booking> = {}): Booking {
  return {
    id: `bk-${s.slotId}`,
    patientId: 'pat-1',
    hospitalId: s.hospitalId,
    hospitalName: s.hospitalName,
    serviceId: s.serviceId,
    serviceName: s.serviceName,
    departmentCode: s.departmentCode,
    start: s.start,
    end: s.end,
    status: 'booked',
    queueNumber: 17,
    ticketCode: 'QN-7K3P-9X',
    directions: 'Nhà B, tầng 2, phòng 204',
    createdAt: '2025-11-24T01:01:00.000Z',
    publishedToFhir: false,
    ...overrides,
  };
}

/**
 * Renders every `@defer` block of a kiosk fixture as loaded (the page's signed-in screens, the
 * idle screen's status panel). Use with `deferBlockBehavior: DeferBlockBehavior.Manual`, so the
 * spec decides when they appear instead of the browser's idle time.
 */
export async function renderDeferredScreens(fixture: ComponentFixture<unknown>): Promise<void> {
  for (const block of await fixture.getDeferBlocks()) {
    await block.render(DeferBlockState.Complete);
  }
}
