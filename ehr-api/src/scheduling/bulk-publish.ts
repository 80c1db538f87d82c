import type { Address, Extension, Location, Organization, Schedule, Slot } from 'fhir/r4.js';
import { LRUCache } from 'lru-cache';
import { CODE_SYSTEM } from '../fhir/profiles.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import { scheduleId, vnInstant } from './fhir-publisher.js';
import { localDayOf } from './local-time.js';
import type { SchedulingModels } from './models.js';
import type { SchedulingService } from './scheduling-service.js';
import { fhirSlotId, formatSlotId } from './slot-id.js';
import { expandTemplate, type ScheduleTemplate } from './template.js';

/**
 * SMART Scheduling Links (HL7 IG `hl7.fhir.uv.smart-scheduling-links`, STU 1; the Slot Publisher API
 * of smart-on-fhir/smart-scheduling-links): a bulk-publish manifest naming NDJSON files of
 * Location, Schedule and Slot, so a slot-discovery client (a province portal, a search engine)
 * can show free times without calling the booking API. Nothing here carries patient data: a Slot
 * says only whether seats are left.
 *
 * Slots are computed like /api/availability (templates, holidays, notice) but the file stops
 * SLOT_FILE_DAYS ahead, so it stays bounded (about 5,000 lines for the demo's 15 departments).
 */
export const SLOT_FILE_DAYS = 14;

export const BULK_TYPES = ['Location', 'Schedule', 'Slot'] as const;
export type BulkType = (typeof BULK_TYPES)[number];

/** Extension URLs of the HL7 SMART Scheduling Links IG (booking-deep-link: valueUrl; booking-phone: valueString). */
export const SMART_SCHEDULING_EXTENSION = {
  bookingDeepLink:
    'http://hl7.org/fhir/uv/smart-scheduling-links/StructureDefinition/booking-deep-link',
  bookingPhone: 'http://hl7.org/fhir/uv/smart-scheduling-links/StructureDefinition/booking-phone',
} as const;

/** The booking-web page a deep link opens, with the slot id as `?slot=`. */
export const BOOKING_PAGE_PATH = '/dat-lich';

export interface BulkManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: false;
  output: Array<{ type: BulkType; url: string }>;
  error: [];
}

/**
 * The manifest: one NDJSON file per type, under `<base>/fhir/bulk/<Type>.ndjson`. A `_since` asked
 * of the manifest is passed on to the Slot file (the Location and Schedule files are small and
 * always whole, which the spec allows: servers may ignore `_since`).
 */
export function bulkManifest(options: {
  baseUrl: string;
  request: string;
  at: Date;
  since?: Date;
}): BulkManifest {
  return {
    transactionTime: vnInstant(options.at),
    request: options.request,
    requiresAccessToken: false,
    output: BULK_TYPES.map((type) => {
      const url = new URL(`${options.baseUrl}/fhir/bulk/${type}.ndjson`);
      if (type === 'Slot' && options.since)
        url.searchParams.set('_since', vnInstant(options.since));
      return { type, url: url.toString() };
    }),
    error: [],
  };
}

/** One resource per line, minified, each line ended by a newline (as NDJSON readers expect). */
export function toNdjson(resources: readonly object[]): string {
  return resources.map((resource) => `${JSON.stringify(resource)}\n`).join('');
}

/** What the directory says about a hospital site, for the Location file and the booking phone. */
export interface SiteContact {
  name: string;
  phone?: string;
  address?: Address;
  description?: string;
}

/** One computed slot with how many of its seats are kept (booked, checked in, or held and not lapsed). */
export interface SlotState {
  template: ScheduleTemplate;
  start: Date;
  end: Date;
  taken: number;
}

function serviceType(template: ScheduleTemplate): Schedule['serviceType'] {
  return [
    {
      coding: [{ system: CODE_SYSTEM.department, code: template.departmentCode }],
      text: template.serviceName,
    },
  ];
}

export function scheduleResource(template: ScheduleTemplate): Schedule {
  return {
    resourceType: 'Schedule',
    id: scheduleId(template.serviceId),
    active: true,
    serviceType: serviceType(template),
    // SMART Scheduling Links wants the Location among the actors; the department comes second.
    actor: [
      { reference: `Location/${template.locationId}`, display: template.hospitalName },
      { reference: `HealthcareService/${template.serviceId}`, display: template.serviceName },
    ],
    comment: `${template.serviceName} — ${template.hospitalName}`,
  };
}

export function locationResource(
  locationId: string,
  fallbackName: string,
  contact: SiteContact | undefined,
): Location {
  return {
    resourceType: 'Location',
    id: locationId,
    status: 'active',
    name: contact?.name ?? fallbackName,
    ...(contact?.description ? { description: contact.description } : {}),
    ...(contact?.phone ? { telecom: [{ system: 'phone', value: contact.phone }] } : {}),
    ...(contact?.address ? { address: contact.address } : {}),
  };
}

/**
 * A slot as SMART Scheduling Links publishes it: `free` while a seat is left, else `busy`. A free
 * slot carries the deep link into the booking page and the hospital's phone for booking by phone.
 */
export function slotResource(
  state: SlotState,
  links: { bookingPageBase: string; phone?: string },
): Slot {
  const { template, start, end, taken } = state;
  const free = taken < template.capacity;
  const extension: Extension[] = [];
  if (free) {
    const link = new URL(`${links.bookingPageBase}${BOOKING_PAGE_PATH}`);
    link.searchParams.set('slot', formatSlotId(template.serviceId, start));
    extension.push({ url: SMART_SCHEDULING_EXTENSION.bookingDeepLink, valueUrl: link.toString() });
    if (links.phone)
      extension.push({ url: SMART_SCHEDULING_EXTENSION.bookingPhone, valueString: links.phone });
  }
  return {
    resourceType: 'Slot',
    id: fhirSlotId(template.serviceId, start),
    ...(extension.length > 0 ? { extension } : {}),
    schedule: { reference: `Schedule/${scheduleId(template.serviceId)}` },
    serviceType: serviceType(template),
    status: free ? 'free' : 'busy',
    start: vnInstant(start),
    end: vnInstant(end),
    comment: `${Math.min(taken, template.capacity)}/${template.capacity}`,
  };
}

/**
 * Whether a slot may look different now than in a file made at `since`: a booking or hold of it
 * changed (or a hold lapsed) since, its template changed since, or it has come into the window
 * since (it starts later than the window reached then).
 */
export function changedSince(
  state: Pick<SlotState, 'start'> & { template: { updatedAt?: Date } },
  since: Date,
  touched: ReadonlySet<string>,
  key: string,
  windowDays: number = SLOT_FILE_DAYS,
): boolean {
  if (touched.has(key)) return true;
  if (state.template.updatedAt && state.template.updatedAt > since) return true;
  return state.start.getTime() > since.getTime() + windowDays * 24 * 3600_000;
}

type StoredTemplate = ScheduleTemplate & { updatedAt?: Date };

/** Looks up the directory's sites by Location id; may answer an empty map (directory unreachable). */
export type SiteDirectory = (locationIds: string[]) => Promise<Map<string, SiteContact>>;

/**
 * The site contacts from HAPI FHIR (the directory's owner): each Location with the phone of the
 * Location or else of its managing Organization. Kept a few minutes; when HAPI is down the files
 * are still served, with Locations named after the hospital and Slots without a booking phone.
 */
export function hapiSiteDirectory(
  store: FhirStore,
  isUp: () => boolean,
  ttlMs = 5 * 60_000,
): SiteDirectory {
  const cache = new LRUCache<string, Map<string, SiteContact>>({ max: 16, ttl: ttlMs });
  return async (locationIds) => {
    const key = [...locationIds].sort().join(',');
    const cached = cache.get(key);
    if (cached) return cached;
    if (locationIds.length === 0 || !isUp()) return new Map();
    try {
      const bundle = await store.search<Location | Organization>('Location', {
        _id: key,
        _include: 'Location:organization',
        _count: 100,
      });
      const resources = (bundle.entry ?? []).flatMap((entry) =>
        entry.resource ? [entry.resource] : [],
      );
      const organizations = new Map(
        resources
          .filter((r): r is Organization => r.resourceType === 'Organization')
          .map((o) => [`Organization/${o.id ?? ''}`, o]),
      );
      const contacts = new Map<string, SiteContact>();
      for (const location of resources) {
        if (location.resourceType !== 'Location' || !location.id) continue;
        const organization = organizations.get(location.managingOrganization?.reference ?? '');
        const phone = [...(location.telecom ?? []), ...(organization?.telecom ?? [])].find(
          (t) => t.system === 'phone' && t.value,
        )?.value;
        contacts.set(location.id, {
          name: location.name ?? organization?.name ?? location.id,
          ...(phone ? { phone } : {}),
          ...(location.address ? { address: location.address } : {}),
          ...(location.description ? { description: location.description } : {}),
        });
      }
      cache.set(key, contacts);
      return contacts;
    } catch {
      return new Map();
    }
  };
}

/** The three files of the bulk publication, computed from the templates and the bookings. */
export class SlotPublication {
  constructor(
    private readonly models: SchedulingModels,
    private readonly scheduling: Pick<SchedulingService, 'now' | 'bookingOptions' | 'takenSeats'>,
    private readonly directory: SiteDirectory,
  ) {}

  private activeTemplates(): Promise<StoredTemplate[]> {
    return this.models.templates
      .find({ active: true })
      .sort({ serviceId: 1 })
      .lean<StoredTemplate[]>();
  }

  async locations(): Promise<Location[]> {
    const templates = await this.activeTemplates();
    const sites = new Map<string, string>();
    for (const t of templates)
      if (!sites.has(t.locationId)) sites.set(t.locationId, t.hospitalName);
    const contacts = await this.directory([...sites.keys()]);
    return [...sites].map(([id, name]) => locationResource(id, name, contacts.get(id)));
  }

  async schedules(): Promise<Schedule[]> {
    return (await this.activeTemplates()).map(scheduleResource);
  }

  /**
   * Every slot from the end of the booking notice to SLOT_FILE_DAYS ahead (or the booking horizon
   * if shorter), earliest first; with `since`, only those that may have changed since then.
   */
  async slotStates(since?: Date): Promise<SlotState[]> {
    const now = this.scheduling.now();
    const { minNoticeMinutes, horizonDays } = this.scheduling.bookingOptions;
    const earliest = new Date(now.getTime() + minNoticeMinutes * 60_000);
    const windowDays = Math.min(horizonDays, SLOT_FILE_DAYS);
    const latest = new Date(now.getTime() + windowDays * 24 * 3600_000);
    if (latest < earliest) return [];
    const templates = await this.activeTemplates();
    const candidates: Array<{ template: StoredTemplate; start: Date; end: Date }> = [];
    for (const template of templates) {
      for (const slot of expandTemplate(template, localDayOf(earliest), localDayOf(latest))) {
        if (slot.start >= earliest && slot.start <= latest) candidates.push({ template, ...slot });
      }
    }
    if (candidates.length === 0) return [];
    const serviceIds = templates.map((t) => t.serviceId);
    const range = { $gte: earliest, $lte: latest };
    // Keyed as takenSeats keys them: `<serviceId>|<start ms>`.
    const slotKey = (serviceId: string, start: Date): string =>
      `${serviceId}|${new Date(start).getTime()}`;
    const taken = await this.scheduling.takenSeats(serviceIds, earliest, latest);
    let touched = new Set<string>();
    if (since) {
      const changed = await this.models.bookings
        .find(
          {
            serviceId: { $in: serviceIds },
            start: range,
            $or: [{ updatedAt: { $gt: since } }, { holdExpiresAt: { $gt: since, $lte: now } }],
          },
          { serviceId: 1, start: 1 },
        )
        .lean<Array<{ serviceId: string; start: Date }>>();
      touched = new Set(changed.map((c) => slotKey(c.serviceId, c.start)));
    }
    return candidates
      .filter(
        (c) =>
          !since ||
          changedSince(c, since, touched, slotKey(c.template.serviceId, c.start), windowDays),
      )
      .sort(
        (a, b) =>
          a.start.getTime() - b.start.getTime() ||
          a.template.serviceId.localeCompare(b.template.serviceId),
      )
      .map((c) => ({ ...c, taken: taken.get(slotKey(c.template.serviceId, c.start)) ?? 0 }));
  }

  async slots(bookingPageBase: string, since?: Date): Promise<Slot[]> {
    const states = await this.slotStates(since);
    const contacts = await this.directory([...new Set(states.map((s) => s.template.locationId))]);
    return states.map((state) => {
      const phone = contacts.get(state.template.locationId)?.phone;
      return slotResource(state, { bookingPageBase, ...(phone ? { phone } : {}) });
    });
  }
}
