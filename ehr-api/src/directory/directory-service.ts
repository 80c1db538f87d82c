import type {
  Address,
  ContactPoint,
  HealthcareService,
  Location,
  Organization,
  PractitionerRole,
} from 'fhir/r4.js';
import type {
  DepartmentSummary,
  Facility,
  FacilityAddress,
  FacilityContact,
  HospitalSummary,
} from '@qn/contracts';
import type { FhirStore } from '../fhir/fhir-store.js';
import { CODE_SYSTEM, IDENTIFIER_SYSTEM } from '../fhir/profiles.js';

/** The three hospitals, their departments and practitioners, read from HAPI FHIR (the directory's owner). */
export class DirectoryService {
  constructor(private readonly store: FhirStore) {}

  async hospitalSummaries(): Promise<HospitalSummary[]> {
    // One search: the hospitals with their departments and practitioner roles alongside.
    const bundle = await this.store.search<Organization | HealthcareService | PractitionerRole>(
      'Organization',
      {
        identifier: `${IDENTIFIER_SYSTEM.facilityCode}|`,
        _revinclude: ['HealthcareService:organization', 'PractitionerRole:organization'],
        _count: 50,
      },
    );
    const resources = (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((r) => r !== undefined);
    const hospitals = resources.filter((r): r is Organization => r.resourceType === 'Organization');
    const countFor = (
      type: 'HealthcareService' | 'PractitionerRole',
      organizationId: string,
    ): number =>
      resources.filter((r) => {
        if (r.resourceType !== type) return false;
        const reference =
          r.resourceType === 'HealthcareService'
            ? r.providedBy?.reference
            : r.organization?.reference;
        return reference === `Organization/${organizationId}`;
      }).length;

    return hospitals
      .map((hospital) => {
        const id = hospital.id ?? '';
        return {
          id,
          name: hospital.name ?? '',
          facilityCode:
            hospital.identifier?.find((i) => i.system === IDENTIFIER_SYSTEM.facilityCode)?.value ??
            '',
          departmentCount: countFor('HealthcareService', id),
          practitionerCount: countFor('PractitionerRole', id),
        };
      })
      .sort((a, b) => a.facilityCode.localeCompare(b.facilityCode));
  }

  /** Active departments of the three hospitals, by hospital then name. */
  async departments(): Promise<DepartmentSummary[]> {
    const bundle = await this.store.search<HealthcareService>('HealthcareService', {
      active: 'true',
      _count: 200,
    });
    return (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter(
        (service): service is HealthcareService => service?.resourceType === 'HealthcareService',
      )
      .map(toDepartmentSummary)
      .filter((d) => d.hospitalId !== '' && d.code !== '')
      .sort(byHospitalThenName);
  }

  /**
   * The public directory: each hospital with its address, coordinates and contacts (from its main
   * Location, else the Organization) and its active departments with directions. One search, so
   * the page never shows a hospital with another moment's departments.
   */
  async facilities(): Promise<Facility[]> {
    const bundle = await this.store.search<Organization | HealthcareService | Location>(
      'Organization',
      {
        identifier: `${IDENTIFIER_SYSTEM.facilityCode}|`,
        _revinclude: ['HealthcareService:organization', 'Location:organization'],
        _count: 50,
      },
    );
    const resources = (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((r) => r !== undefined);
    const hospitals = resources.filter((r): r is Organization => r.resourceType === 'Organization');
    const services = resources.filter(
      (r): r is HealthcareService => r.resourceType === 'HealthcareService',
    );
    const locations = resources.filter((r): r is Location => r.resourceType === 'Location');

    return hospitals
      .map((hospital): Facility => {
        const id = hospital.id ?? '';
        const campus = mainLocation(
          locations.filter((l) => l.managingOrganization?.reference === `Organization/${id}`),
        );
        return {
          id,
          name: hospital.name ?? '',
          aliases: hospital.alias ?? [],
          facilityCode:
            hospital.identifier?.find((i) => i.system === IDENTIFIER_SYSTEM.facilityCode)?.value ??
            '',
          address: toFacilityAddress(campus?.address ?? hospital.address?.[0]),
          position:
            campus?.position &&
            Number.isFinite(campus.position.latitude) &&
            Number.isFinite(campus.position.longitude)
              ? { latitude: campus.position.latitude, longitude: campus.position.longitude }
              : null,
          // The campus's own numbers first (the desk a visitor calls), then the hospital's.
          contacts: toContacts([...(campus?.telecom ?? []), ...(hospital.telecom ?? [])]),
          departments: services
            .filter((service) => service.active !== false)
            .map(toDepartmentSummary)
            .filter((d) => d.hospitalId === id && d.code !== '')
            .sort(byHospitalThenName),
        };
      })
      .sort((a, b) => a.facilityCode.localeCompare(b.facilityCode));
  }
}

function toDepartmentSummary(service: HealthcareService): DepartmentSummary {
  return {
    hospitalId: service.providedBy?.reference?.replace(/^Organization\//, '') ?? '',
    serviceId: service.id ?? '',
    code:
      service.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === CODE_SYSTEM.department)
        ?.code ?? '',
    name: service.name ?? '',
    directions: service.comment ?? '',
  };
}

function byHospitalThenName(a: DepartmentSummary, b: DepartmentSummary): number {
  return a.hospitalId.localeCompare(b.hospitalId) || a.name.localeCompare(b.name, 'vi');
}

/** The hospital's site (campus) a visitor goes to: active, not part of another place, a site first. */
function mainLocation(locations: Location[]): Location | undefined {
  const candidates = locations.filter((l) => l.status !== 'inactive' && l.partOf === undefined);
  const isSite = (l: Location): boolean =>
    l.physicalType?.coding?.some((c) => c.code === 'si') ?? false;
  // A hospital may have several site Locations in HAPI (an example or an ingested one with only a
  // ward, say): the most complete one (a site, with coordinates, with a street line) is the campus
  // the directory describes; among equals, the one updated last.
  const score = (l: Location): number =>
    (isSite(l) ? 4 : 0) +
    (l.position !== undefined ? 2 : 0) +
    ((l.address?.line?.length ?? 0) > 0 ? 1 : 0);
  return [...candidates].sort(
    (a, b) =>
      score(b) - score(a) || (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''),
  )[0];
}

function toFacilityAddress(address: Address | undefined): FacilityAddress | null {
  if (!address) return null;
  const lines = (address.line ?? []).filter((line) => line.trim() !== '');
  const parts = [...lines, address.district, address.city, address.state].filter(
    (p): p is string => !!p?.trim(),
  );
  const text = address.text?.trim() || parts.join(', ');
  if (!text) return null;
  return {
    text,
    lines,
    ...(address.district ? { ward: address.district } : {}),
    ...(address.city ? { city: address.city } : {}),
    ...(address.state ? { province: address.state } : {}),
  };
}

/** Phones, emails and websites in their order, each once; other systems (fax, pager…) are not for the public. */
function toContacts(points: ContactPoint[]): FacilityContact[] {
  const contacts: FacilityContact[] = [];
  for (const point of points) {
    const value = point.value?.trim();
    if (!value || (point.period?.end !== undefined && Date.parse(point.period.end) < Date.now()))
      continue;
    if (point.system !== 'phone' && point.system !== 'email' && point.system !== 'url') continue;
    if (!contacts.some((c) => c.system === point.system && c.value === value))
      contacts.push({ system: point.system, value });
  }
  return contacts;
}
