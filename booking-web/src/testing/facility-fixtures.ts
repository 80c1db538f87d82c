import type { AvailableSlot, Facility } from '@qn/contracts';

/** The public directory as `GET /api/directory/facilities` answers it for the demo hospitals. */
export function demoFacilities(): Facility[] {
  return [
    {
      id: 'bvdk-tinh-quang-ninh',
      name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
      aliases: ['Quang Ninh Provincial General Hospital'],
      facilityCode: '22001',
      address: {
        text: 'Phố Tuệ Tĩnh, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh',
        lines: ['Phố Tuệ Tĩnh'],
        ward: 'Phường Bạch Đằng',
        city: 'Hạ Long',
        province: 'Quảng Ninh',
      },
      position: { latitude: 20.953, longitude: 107.0846 },
      contacts: [{ system: 'phone', value: '+84 203 3825 499' }],
      departments: [
        {
          hospitalId: 'bvdk-tinh-quang-ninh',
          serviceId: 'hs-bvdk-tinh-quang-ninh-kham-benh',
          code: 'kham-benh',
          name: 'Khoa Khám bệnh',
          directions: 'Nhà A, tầng 1, quầy tiếp đón số 1–6',
        },
        {
          hospitalId: 'bvdk-tinh-quang-ninh',
          serviceId: 'hs-bvdk-tinh-quang-ninh-mat',
          code: 'mat',
          name: 'Khoa Mắt',
          directions: 'Nhà A, tầng 2, phòng 210',
        },
        {
          hospitalId: 'bvdk-tinh-quang-ninh',
          serviceId: 'hs-bvdk-tinh-quang-ninh-tai-mui-hong',
          code: 'tai-mui-hong',
          name: 'Khoa Tai Mũi Họng',
          directions: 'Nhà A, tầng 2, phòng 204',
        },
      ],
    },
    {
      id: 'bv-san-nhi-quang-ninh',
      name: 'Bệnh viện Sản Nhi Quảng Ninh',
      aliases: ['Quang Ninh Obstetrics and Paediatrics Hospital'],
      facilityCode: '22017',
      address: {
        text: 'Phường Đại Yên, thành phố Hạ Long, tỉnh Quảng Ninh',
        lines: ['Tổ 2, khu 5'],
        ward: 'Phường Đại Yên',
        city: 'Hạ Long',
        province: 'Quảng Ninh',
      },
      position: { latitude: 20.9796, longitude: 106.9526 },
      contacts: [
        { system: 'phone', value: '+84 203 3512 115' },
        { system: 'email', value: 'tiepdon@example.vn' },
        { system: 'url', value: 'https://sannhiquangninh.vn' },
      ],
      departments: [
        {
          hospitalId: 'bv-san-nhi-quang-ninh',
          serviceId: 'hs-bv-san-nhi-quang-ninh-nhi',
          code: 'nhi',
          name: 'Khoa Nhi tổng hợp',
          directions: 'Tòa nhà Nhi, tầng 2',
        },
      ],
    },
    {
      id: 'bv-bai-chay',
      name: 'Bệnh viện Bãi Cháy',
      aliases: ['Bai Chay Hospital'],
      facilityCode: '22002',
      address: null,
      position: null,
      contacts: [],
      departments: [
        {
          hospitalId: 'bv-bai-chay',
          serviceId: 'hs-bv-bai-chay-rang-ham-mat',
          code: 'rang-ham-mat',
          name: 'Khoa Răng Hàm Mặt',
          directions: 'Nhà khám, tầng 2, phòng 203',
        },
      ],
    },
  ];
}

export function freeSlot(overrides: Partial<AvailableSlot> = {}): AvailableSlot {
  return {
    slotId: 'hs-bvdk-tinh-quang-ninh-mat@202511260800',
    hospitalId: 'bvdk-tinh-quang-ninh',
    hospitalName: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
    serviceId: 'hs-bvdk-tinh-quang-ninh-mat',
    serviceName: 'Khoa Mắt',
    departmentCode: 'mat',
    start: '2025-11-26T01:00:00.000Z',
    end: '2025-11-26T01:15:00.000Z',
    seatsLeft: 3,
    ...overrides,
  };
}
