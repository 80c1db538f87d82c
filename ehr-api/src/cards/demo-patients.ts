import type { Patient } from 'fhir/r4.js';
import { DEMO_CARDS } from '@qn/card-crypto';
import { IDENTIFIER_SYSTEM, PROFILE } from '../fhir/profiles.js';

/**
 * Demo patients of Quang Ninh (invented people; identifiers follow the real formats and agree with
 * each other as the province profile checks: CCCD province 022 = Quảng Ninh, its 4th digit gives
 * century and sex, digits 5–6 the birth year; BHYT with province code 22). One demo card each.
 */
interface DemoPatient {
  id: string;
  family: string;
  given: string[];
  gender: 'male' | 'female';
  birthDate: string;
  cccd: string;
  bhyt: string;
  mrn: { system: string; value: string };
  phone: string;
  address: { line: string; ward: string; city: string };
  hospital: string;
}

const DEMO_PATIENTS: DemoPatient[] = [
  {
    id: 'demo-nguyen-thi-lan', family: 'Nguyễn', given: ['Thị', 'Lan'], gender: 'female', birthDate: '1980-05-12',
    cccd: '022180004521', bhyt: 'GD4220112345678', mrn: { system: IDENTIFIER_SYSTEM.mrnDaKhoaTinh, value: '24031877' }, phone: '0912 418 326',
    address: { line: 'Số 8, tổ 5, khu 3', ward: 'Phường Bạch Đằng', city: 'Hạ Long' }, hospital: 'bvdk-tinh-quang-ninh',
  },
  {
    id: 'demo-tran-van-hung', family: 'Trần', given: ['Văn', 'Hùng'], gender: 'male', birthDate: '1958-11-02',
    cccd: '022058007731', bhyt: 'HT3220187654321', mrn: { system: IDENTIFIER_SYSTEM.mrnBaiChay, value: 'BC-0192834' }, phone: '0983 227 145',
    address: { line: 'Số 21, đường Hạ Long, tổ 2, khu 4', ward: 'Phường Bãi Cháy', city: 'Hạ Long' }, hospital: 'bv-bai-chay',
  },
  {
    id: 'demo-vu-thi-mai', family: 'Vũ', given: ['Thị', 'Mai'], gender: 'female', birthDate: '1995-08-23',
    cccd: '022195012846', bhyt: 'DN4220155501234', mrn: { system: IDENTIFIER_SYSTEM.mrnSanNhi, value: 'SN25004417' }, phone: '0356 904 218',
    address: { line: 'Tổ 7, khu 2', ward: 'Phường Cẩm Trung', city: 'Cẩm Phả' }, hospital: 'bv-san-nhi-quang-ninh',
  },
  {
    id: 'demo-pham-minh-khoi', family: 'Phạm', given: ['Minh', 'Khôi'], gender: 'male', birthDate: '2019-02-14',
    cccd: '022219003317', bhyt: 'TE1220123450987', mrn: { system: IDENTIFIER_SYSTEM.mrnSanNhi, value: 'SN19002286' }, phone: '0868 551 902',
    address: { line: 'Số 45, đường Trần Hưng Đạo', ward: 'Phường Quang Trung', city: 'Uông Bí' }, hospital: 'bv-san-nhi-quang-ninh',
  },
  {
    id: 'demo-dang-anh-ngoc', family: 'Đặng', given: ['Ánh', 'Ngọc'], gender: 'female', birthDate: '1972-12-30',
    cccd: '022172009054', bhyt: 'CN3220144448888', mrn: { system: IDENTIFIER_SYSTEM.mrnDaKhoaTinh, value: '23098812' }, phone: '0904 663 170',
    address: { line: 'Số 3, phố Hùng Vương', ward: 'Phường Trần Phú', city: 'Móng Cái' }, hospital: 'bvdk-tinh-quang-ninh',
  },
];

/** The demo Patients as profiled FHIR resources, each naming its demo card. */
export function demoPatients(): Array<Patient & { id: string }> {
  return DEMO_PATIENTS.map((p) => {
    const card = DEMO_CARDS.find((c) => c.patientId === p.id);
    const text = [p.family, ...p.given].join(' ');
    return {
      resourceType: 'Patient',
      id: p.id,
      meta: { profile: [PROFILE.Patient] },
      identifier: [
        { system: IDENTIFIER_SYSTEM.cccd, value: p.cccd },
        { system: IDENTIFIER_SYSTEM.bhyt, value: p.bhyt },
        p.mrn,
        ...(card ? [{ system: IDENTIFIER_SYSTEM.patientCard, value: card.cardId }] : []),
      ],
      active: true,
      name: [{ use: 'official', text, family: p.family, given: p.given }],
      telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }],
      gender: p.gender,
      birthDate: p.birthDate,
      address: [
        {
          use: 'home',
          text: `${p.address.line}, ${p.address.ward.replace(/^Phường/, 'phường')}, thành phố ${p.address.city}, tỉnh Quảng Ninh`,
          line: [p.address.line],
          district: p.address.ward,
          city: p.address.city,
          state: 'Quảng Ninh',
          country: 'VN',
        },
      ],
      managingOrganization: { reference: `Organization/${p.hospital}` },
    };
  });
}
