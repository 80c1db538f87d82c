import type { HospitalSummary, PatientSearchResult } from '@qn/contracts';

import type { DepartmentEntry } from '../app/features/kiosk/kiosk-types';
import { BAI_CHAY, BVDK } from './doctor-fixtures';

/** Two records of one woman (at two hospitals) and a man, as `GET /api/patients?q=` returns them. */
export const receptionResults: PatientSearchResult[] = [
  {
    patientId: 'dkt-pat-1001',
    hospital: BVDK,
    mrn: 'DK-1001',
    name: 'Nguyễn Thị Lan',
    birthDate: '1980-03-15',
    gender: 'female',
    cccdMasked: '********4521',
    phone: '0912345678',
  },
  {
    patientId: 'bc-pat-77',
    hospital: BAI_CHAY,
    mrn: 'BC-77',
    name: 'Nguyễn Thị Lan',
    birthDate: '1980-03-15',
    gender: 'female',
    cccdMasked: '********4521',
  },
  {
    patientId: 'bc-pat-90',
    hospital: BAI_CHAY,
    mrn: 'BC-90',
    name: 'Trần Văn Minh',
    birthDate: '1975-08-02',
    gender: 'male',
    phone: '0987000111',
  },
];

/** The directory with the hospitals' real ids (the receptionist fixture works at Bãi Cháy). */
export const receptionHospitals: HospitalSummary[] = [
  {
    id: BVDK.id,
    name: BVDK.name,
    facilityCode: '22001',
    departmentCount: 2,
    practitionerCount: 10,
  },
  {
    id: BAI_CHAY.id,
    name: BAI_CHAY.name,
    facilityCode: '22003',
    departmentCount: 2,
    practitionerCount: 9,
  },
];

export const receptionDepartments: DepartmentEntry[] = [
  {
    hospitalId: BVDK.id,
    serviceId: 'svc-dk-tm',
    code: 'tim-mach',
    name: 'Tim mạch',
    directions: 'Nhà B, tầng 2',
  },
  {
    hospitalId: BVDK.id,
    serviceId: 'svc-dk-nt',
    code: 'noi-tiet',
    name: 'Nội tiết',
    directions: 'Nhà A, tầng 3',
  },
  {
    hospitalId: BAI_CHAY.id,
    serviceId: 'svc-bc-kb',
    code: 'kham-benh',
    name: 'Khám bệnh',
    directions: 'Tầng 1',
  },
  {
    hospitalId: BAI_CHAY.id,
    serviceId: 'svc-bc-tm',
    code: 'tim-mach',
    name: 'Tim mạch',
    directions: 'Tầng 2',
  },
];
