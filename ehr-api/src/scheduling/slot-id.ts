import { isLocalDay, localInstant, localDayOf, localMinutesOf } from './local-time.js';

/**
 * The opaque slot id handed to clients: `<serviceId>@<YYYYMMDDHHMM>` with the local (UTC+7) start,
 * e.g. `hs-bv-bai-chay-noi@202612010730`. Clients pass it back unchanged; only this module reads it.
 */
const SLOT_ID = /^(hs-[a-z0-9]+(?:-[a-z0-9]+)*)@(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const MAX_SERVICE_ID = 60;

export interface ParsedSlotId {
  serviceId: string;
  start: Date;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatSlotId(serviceId: string, start: Date): string {
  const day = localDayOf(start).replaceAll('-', '');
  const minutes = localMinutesOf(start);
  return `${serviceId}@${day}${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}`;
}

/** The service and start of a slot id, or a sentence saying what is wrong with it. */
export function parseSlotId(value: string): ParsedSlotId | string {
  const match = SLOT_ID.exec(value);
  if (!match)
    return 'slotId is not a slot id from /api/availability (expected the form hs-<hospital>-<department>@YYYYMMDDHHMM)';
  const [, serviceId, y, mo, d, h, mi] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (serviceId.length > MAX_SERVICE_ID) return 'slotId names a service id that is too long';
  const day = `${y}-${mo}-${d}`;
  if (!isLocalDay(day)) return `slotId names ${day}, which is not a calendar day`;
  const hours = Number(h);
  const minutes = Number(mi);
  if (hours > 23 || minutes > 59) return `slotId names ${h}:${mi}, which is not a time of day`;
  return { serviceId, start: localInstant(day, hours * 60 + minutes) };
}

/**
 * The id of the FHIR Slot resource published for a slot: letters, digits and dashes only, at most
 * 64 characters (FHIR's id rule), and stable so re-publishing updates the same resource.
 */
export function fhirSlotId(serviceId: string, start: Date): string {
  return formatSlotId(serviceId, start).replace('@', '-');
}
