import type { Facility, FacilityContact } from '@qn/contracts';

/**
 * Links out to maps and contacts. The page loads no map tiles or scripts of its own: a visitor's
 * phone opens the map app or site it already has, and the page stays light and private.
 */

/** OpenStreetMap centred on the hospital with a marker, or null without coordinates. */
export function openStreetMapUrl(facility: Facility): string | null {
  const p = facility.position;
  if (!p) return null;
  const lat = p.latitude.toFixed(5);
  const lon = p.longitude.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/**
 * Google Maps directions to the hospital, from wherever the visitor is. The destination is the
 * name and address (Maps finds the hospital's own entry, more exact than our coordinates), or
 * the coordinates when there is no address.
 */
export function googleMapsUrl(facility: Facility): string | null {
  const destination = facility.address
    ? `${facility.name}, ${facility.address.text}`
    : facility.position
      ? `${facility.position.latitude},${facility.position.longitude}`
      : null;
  return destination
    ? `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(destination)}`
    : null;
}

/** The link a contact opens: `tel:`, `mailto:` or the website itself (only http and https). */
export function contactHref(contact: FacilityContact): string | null {
  switch (contact.system) {
    case 'phone':
      return `tel:${contact.value.replace(/[^\d+]/g, '')}`;
    case 'email':
      return `mailto:${contact.value}`;
    case 'url':
      return /^https?:\/\//i.test(contact.value) ? contact.value : null;
  }
}

/** A website as people read it: without the scheme and a trailing slash. */
export function websiteLabel(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}
