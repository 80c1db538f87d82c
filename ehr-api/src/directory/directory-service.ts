import type { HealthcareService, Organization, PractitionerRole } from 'fhir/r4.js';
import type { DepartmentSummary, HospitalSummary } from '@qn/contracts';
import type { FhirStore } from '../fhir/fhir-store.js';
import { CODE_SYSTEM, IDENTIFIER_SYSTEM } from '../fhir/profiles.js';

/** The three hospitals, their departments and practitioners, read from HAPI FHIR (the directory's owner). */
export class DirectoryService {
  constructor(private readonly store: FhirStore) {}

  async hospitalSummaries(): Promise<HospitalSummary[]> {
    // One search: the hospitals with their departments and practitioner roles alongside.
    const bundle = await this.store.search<Organization | HealthcareService | PractitionerRole>('Organization', {
      identifier: `${IDENTIFIER_SYSTEM.facilityCode}|`,
      _revinclude: ['HealthcareService:organization', 'PractitionerRole:organization'],
      _count: 50,
    });
    const resources = (bundle.entry ?? []).map((entry) => entry.resource).filter((r) => r !== undefined);
    const hospitals = resources.filter((r): r is Organization => r.resourceType === 'Organization');
    const countFor = (type: 'HealthcareService' | 'PractitionerRole', organizationId: string): number =>
      resources.filter((r) => {
        if (r.resourceType !== type) return false;
        const reference = r.resourceType === 'HealthcareService' ? r.providedBy?.reference : r.organization?.reference;
        return reference === `Organization/${organizationId}`;
      }).length;

    return hospitals
      .map((hospital) => {
        const id = hospital.id ?? '';
        return {
          id,
          name: hospital.name ?? '',
          facilityCode: hospital.identifier?.find((i) => i.system === IDENTIFIER_SYSTEM.facilityCode)?.value ?? '',
          departmentCount: countFor('HealthcareService', id),
          practitionerCount: countFor('PractitionerRole', id),
        };
      })
      .sort((a, b) => a.facilityCode.localeCompare(b.facilityCode));
  }

  /** Active departments of the three hospitals, by hospital then name. */
  async departments(): Promise<DepartmentSummary[]> {
    const bundle = await this.store.search<HealthcareService>('HealthcareService', { active: 'true', _count: 200 });
    return (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((service): service is HealthcareService => service?.resourceType === 'HealthcareService')
      .map((service) => ({
        hospitalId: service.providedBy?.reference?.replace(/^Organization\//, '') ?? '',
        serviceId: service.id ?? '',
        code: service.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === CODE_SYSTEM.department)?.code ?? '',
        name: service.name ?? '',
        directions: service.comment ?? '',
      }))
      .filter((d) => d.hospitalId !== '' && d.code !== '')
      .sort((a, b) => a.hospitalId.localeCompare(b.hospitalId) || a.name.localeCompare(b.name, 'vi'));
  }
}
