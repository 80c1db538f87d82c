import type {
  Bundle,
  BundleEntry,
  FhirResource,
  HealthcareService,
  Location,
  Organization,
  Practitioner,
  PractitionerRole,
} from 'fhir/r4.js';
import { BHYT_PAYOR_ID } from '../ingestion/normalise/to-fhir.js';
import { CODE_SYSTEM, IDENTIFIER_SYSTEM, PROFILE } from '../fhir/profiles.js';

/**
 * Demo directory of the three public hospitals. Names, addresses and departments are real in
 * kind; facility codes, phone numbers and practitioners are made up for the demo. Coordinates
 * are approximate (to about a hundred metres): good enough for a map link, to be checked against
 * the hospitals' own data before production. Websites are listed only where known to be real.
 */
interface DemoDepartment {
  code: string;
  name: string;
  /** Where in the building, as a patient would be told. */
  directions: string;
}

interface DemoHospital {
  id: string;
  facilityCode: string;
  name: string;
  englishName: string;
  address: { line: string; ward: string; text: string };
  /** WGS84 coordinates of the main entrance, for map links (Location.position). */
  position: { latitude: number; longitude: number };
  phone: string;
  website?: string;
  departments: DemoDepartment[];
  practitioners: Array<{
    id: string;
    family: string;
    given: string;
    gender: 'male' | 'female';
    department: string;
    certificate: string;
  }>;
}

export const DEMO_HOSPITALS: DemoHospital[] = [
  {
    id: 'bvdk-tinh-quang-ninh',
    facilityCode: '22001',
    name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
    englishName: 'Quang Ninh Provincial General Hospital',
    address: {
      line: 'Phố Tuệ Tĩnh',
      ward: 'Phường Bạch Đằng',
      text: 'Phố Tuệ Tĩnh, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh',
    },
    position: { latitude: 20.953, longitude: 107.0846 },
    phone: '+84 203 3825 499',
    departments: [
      {
        code: 'kham-benh',
        name: 'Khoa Khám bệnh',
        directions: 'Nhà A, tầng 1, quầy tiếp đón số 1–6',
      },
      { code: 'noi', name: 'Khoa Nội tổng hợp', directions: 'Nhà B, tầng 2' },
      { code: 'ngoai', name: 'Khoa Ngoại tổng hợp', directions: 'Nhà C, tầng 3' },
      { code: 'tai-mui-hong', name: 'Khoa Tai Mũi Họng', directions: 'Nhà A, tầng 2, phòng 204' },
      { code: 'mat', name: 'Khoa Mắt', directions: 'Nhà A, tầng 2, phòng 210' },
      { code: 'xet-nghiem', name: 'Khoa Xét nghiệm', directions: 'Nhà A, tầng 1, cuối hành lang' },
    ],
    practitioners: [
      {
        id: 'bs-nguyen-van-hung',
        family: 'Nguyễn',
        given: 'Văn Hùng',
        gender: 'male',
        department: 'noi',
        certificate: '000123/QN-CCHN',
      },
      {
        id: 'bs-tran-thi-mai',
        family: 'Trần',
        given: 'Thị Mai',
        gender: 'female',
        department: 'kham-benh',
        certificate: '000457/QN-CCHN',
      },
      {
        id: 'bs-pham-duc-anh',
        family: 'Phạm',
        given: 'Đức Anh',
        gender: 'male',
        department: 'ngoai',
        certificate: '000789/QN-CCHN',
      },
    ],
  },
  {
    id: 'bv-san-nhi-quang-ninh',
    facilityCode: '22017',
    name: 'Bệnh viện Sản Nhi Quảng Ninh',
    englishName: 'Quang Ninh Obstetrics and Paediatrics Hospital',
    address: {
      line: 'Tổ 2, khu 5',
      ward: 'Phường Đại Yên',
      text: 'Phường Đại Yên, thành phố Hạ Long, tỉnh Quảng Ninh',
    },
    position: { latitude: 20.9796, longitude: 106.9526 },
    phone: '+84 203 3512 115',
    website: 'https://sannhiquangninh.vn',
    departments: [
      { code: 'kham-benh', name: 'Khoa Khám bệnh', directions: 'Tòa nhà chính, tầng 1' },
      { code: 'san', name: 'Khoa Sản', directions: 'Tòa nhà chính, tầng 3' },
      { code: 'nhi', name: 'Khoa Nhi tổng hợp', directions: 'Tòa nhà Nhi, tầng 2' },
      {
        code: 'chan-doan-hinh-anh',
        name: 'Khoa Chẩn đoán hình ảnh',
        directions: 'Tòa nhà chính, tầng 1, phòng siêu âm 105–108',
      },
    ],
    practitioners: [
      {
        id: 'bs-le-thi-huong',
        family: 'Lê',
        given: 'Thị Hương',
        gender: 'female',
        department: 'san',
        certificate: '001024/QN-CCHN',
      },
      {
        id: 'bs-vu-minh-quan',
        family: 'Vũ',
        given: 'Minh Quân',
        gender: 'male',
        department: 'nhi',
        certificate: '001310/QN-CCHN',
      },
    ],
  },
  {
    id: 'bv-bai-chay',
    facilityCode: '22002',
    name: 'Bệnh viện Bãi Cháy',
    englishName: 'Bai Chay Hospital',
    address: {
      line: 'Đường Hạ Long',
      ward: 'Phường Giếng Đáy',
      text: 'Phường Giếng Đáy, thành phố Hạ Long, tỉnh Quảng Ninh',
    },
    position: { latitude: 20.9662, longitude: 107.0205 },
    phone: '+84 203 3846 440',
    departments: [
      { code: 'kham-benh', name: 'Khoa Khám bệnh', directions: 'Nhà khám, tầng 1' },
      { code: 'noi', name: 'Khoa Nội', directions: 'Nhà điều trị, tầng 2' },
      {
        code: 'rang-ham-mat',
        name: 'Khoa Răng Hàm Mặt',
        directions: 'Nhà khám, tầng 2, phòng 203',
      },
      { code: 'da-lieu', name: 'Khoa Da liễu', directions: 'Nhà khám, tầng 2, phòng 207' },
      {
        code: 'y-hoc-co-truyen',
        name: 'Khoa Y học cổ truyền',
        directions: 'Nhà phục hồi chức năng, tầng 1',
      },
    ],
    practitioners: [
      {
        id: 'bs-hoang-van-long',
        family: 'Hoàng',
        given: 'Văn Long',
        gender: 'male',
        department: 'noi',
        certificate: '002048/QN-CCHN',
      },
      {
        id: 'bs-do-thu-trang',
        family: 'Đỗ',
        given: 'Thu Trang',
        gender: 'female',
        department: 'rang-ham-mat',
        certificate: '002211/QN-CCHN',
      },
    ],
  },
];

function departmentDisplay(code: string, hospital: DemoHospital): string {
  return hospital.departments.find((d) => d.code === code)?.name.replace(/^Khoa /, '') ?? code;
}

/** PUT with stable ids: loading the demo again changes nothing (HAPI keeps the version when content is equal). */
function put(resource: FhirResource & { id: string }): BundleEntry {
  return {
    fullUrl: `${resource.resourceType}/${resource.id}`,
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  };
}

export function demoDirectoryBundle(): Bundle {
  const entries: BundleEntry[] = [];
  for (const hospital of DEMO_HOSPITALS) {
    const organization: Organization & { id: string } = {
      resourceType: 'Organization',
      id: hospital.id,
      meta: { profile: [PROFILE.Organization] },
      identifier: [{ system: IDENTIFIER_SYSTEM.facilityCode, value: hospital.facilityCode }],
      active: true,
      type: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/organization-type',
              code: 'prov',
              display: 'Healthcare Provider',
            },
          ],
        },
      ],
      name: hospital.name,
      alias: [hospital.englishName],
      telecom: [
        { system: 'phone', value: hospital.phone, use: 'work' },
        ...(hospital.website
          ? [{ system: 'url' as const, value: hospital.website, use: 'work' as const }]
          : []),
      ],
      address: [
        {
          use: 'work',
          text: hospital.address.text,
          line: [hospital.address.line],
          district: hospital.address.ward,
          city: 'Hạ Long',
          state: 'Quảng Ninh',
          country: 'VN',
        },
      ],
    };
    const campus: Location & { id: string } = {
      resourceType: 'Location',
      id: `loc-${hospital.id}`,
      meta: { profile: [PROFILE.Location] },
      status: 'active',
      name: `${hospital.name} — cơ sở chính`,
      mode: 'instance',
      physicalType: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
            code: 'si',
            display: 'Site',
          },
        ],
      },
      // The campus carries what a visitor needs (the public directory reads it): address with its
      // parts, coordinates for a map link, and the reception desk's phone.
      telecom: [{ system: 'phone', value: hospital.phone, use: 'work' }],
      address: {
        use: 'work',
        text: hospital.address.text,
        line: [hospital.address.line],
        district: hospital.address.ward,
        city: 'Hạ Long',
        state: 'Quảng Ninh',
        country: 'VN',
      },
      position: { latitude: hospital.position.latitude, longitude: hospital.position.longitude },
      managingOrganization: { reference: `Organization/${hospital.id}` },
    };
    entries.push(put(organization), put(campus));
    for (const department of hospital.departments) {
      const service: HealthcareService & { id: string } = {
        resourceType: 'HealthcareService',
        id: `hs-${hospital.id}-${department.code}`,
        meta: { profile: [PROFILE.HealthcareService] },
        active: true,
        providedBy: { reference: `Organization/${hospital.id}` },
        type: [
          {
            coding: [
              {
                system: CODE_SYSTEM.department,
                code: department.code,
                display: departmentDisplay(department.code, hospital),
              },
            ],
          },
        ],
        location: [{ reference: `Location/${campus.id}` }],
        name: department.name,
        comment: department.directions,
        appointmentRequired: true,
      };
      entries.push(put(service));
    }
    for (const doctor of hospital.practitioners) {
      const practitioner: Practitioner & { id: string } = {
        resourceType: 'Practitioner',
        id: doctor.id,
        meta: { profile: [PROFILE.Practitioner] },
        identifier: [
          { system: IDENTIFIER_SYSTEM.practisingCertificate, value: doctor.certificate },
        ],
        active: true,
        name: [
          {
            use: 'official',
            text: `${doctor.family} ${doctor.given}`,
            family: doctor.family,
            given: doctor.given.split(' '),
            prefix: ['BS.'],
          },
        ],
        gender: doctor.gender,
      };
      const role: PractitionerRole & { id: string } = {
        resourceType: 'PractitionerRole',
        id: `role-${doctor.id}`,
        meta: { profile: [PROFILE.PractitionerRole] },
        active: true,
        practitioner: { reference: `Practitioner/${doctor.id}` },
        organization: { reference: `Organization/${hospital.id}` },
        code: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
                code: 'doctor',
                display: 'Doctor',
              },
            ],
          },
        ],
        specialty: [
          {
            coding: [
              {
                system: CODE_SYSTEM.department,
                code: doctor.department,
                display: departmentDisplay(doctor.department, hospital),
              },
            ],
          },
        ],
        healthcareService: [
          { reference: `HealthcareService/hs-${hospital.id}-${doctor.department}` },
        ],
        location: [{ reference: `Location/${campus.id}` }],
      };
      entries.push(put(practitioner), put(role));
    }
  }
  // The BHYT payer every Coverage names; an insurer, so it has no facility code and is not listed as a hospital.
  const payor: Organization & { id: string } = {
    resourceType: 'Organization',
    id: BHYT_PAYOR_ID,
    meta: { profile: [PROFILE.Organization] },
    active: true,
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/organization-type',
            code: 'ins',
            display: 'Insurance Company',
          },
        ],
      },
    ],
    name: 'Bảo hiểm xã hội tỉnh Quảng Ninh',
    alias: ['Quang Ninh Social Security'],
    address: [{ city: 'Hạ Long', state: 'Quảng Ninh', country: 'VN' }],
  };
  entries.push(put(payor));
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
