import type { HumanName } from 'fhir/r4.js';

/** A name as one line ("Nguyễn Thị Lan"): its text, else its family and given parts in that order. */
export function nameLine(name: HumanName | undefined): string {
  return name?.text ?? [name?.family, ...(name?.given ?? [])].filter(Boolean).join(' ');
}
