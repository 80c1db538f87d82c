/**
 * Code tables of Decision 130/QĐ-BYT (as amended by 4750/QĐ-BYT) and of the common code sets it
 * points to (Decision 5937/QĐ-BYT appendices 3 and 5), with how each code maps onto our record.
 * The README beside this file explains the choices.
 */
import { DEMO_HOSPITALS } from '../../../directory/demo-directory.js';
import type { EncounterClass, Gender, HospitalCode } from '../../model.js';

/** XML1 GIOI_TINH: 1 Nam, 2 Nữ, 3 Chưa xác định. */
export const GIOI_TINH: Readonly<Record<string, Gender>> = {
  '1': 'male',
  '2': 'female',
  '3': 'unknown',
};

/**
 * XML1 MA_LOAI_KCB (hình thức KBCB), the decision writes it as a number ("3") or two digits ("03").
 * Our Encounter.class value set has only AMB, IMP and EMER, so day-inpatient (04) and stays under
 * four hours (09) count as inpatient.
 */
export const MA_LOAI_KCB: Readonly<Record<string, { name: string; class: EncounterClass }>> = {
  '01': { name: 'Khám bệnh', class: 'AMB' },
  '02': { name: 'Điều trị ngoại trú', class: 'AMB' },
  '03': { name: 'Điều trị nội trú', class: 'IMP' },
  '04': { name: 'Điều trị nội trú ban ngày', class: 'IMP' },
  '05': {
    name: 'Điều trị ngoại trú bệnh mạn tính dài ngày, có khám bệnh và lĩnh thuốc',
    class: 'AMB',
  },
  '06': { name: 'Điều trị lưu tại Trạm Y tế tuyến xã, Phòng khám đa khoa khu vực', class: 'IMP' },
  '07': { name: 'Nhận thuốc theo hẹn (không khám bệnh)', class: 'AMB' },
  '08': {
    name: 'Điều trị ngoại trú bệnh mạn tính dài ngày, có thực hiện dịch vụ kỹ thuật và/hoặc sử dụng thuốc',
    class: 'AMB',
  },
  '09': { name: 'Điều trị nội trú dưới 04 giờ', class: 'IMP' },
  '10': { name: 'Các trường hợp khác', class: 'AMB' },
};

/**
 * The decision has no "emergency" kind of visit: emergency is who came (MA_DOITUONG_KCB "2", cấp cứu,
 * in the common code set). An emergency examination (01) or an emergency stay under four hours (09)
 * is EMER; an emergency that ended in an admission (03, 04, 06) stays IMP.
 */
export const MA_DOITUONG_KCB_CAP_CUU = '2';
export const EMERGENCY_CAPABLE_MA_LOAI_KCB: ReadonlySet<string> = new Set(['01', '09']);

/** Normalises "3" and "03" to the two-digit form of the table. */
export function twoDigitCode(value: string): string {
  return /^\d$/.test(value) ? `0${value}` : value;
}

/** XML1 MA_LOAI_RV (loại ra viện), kept as the decision's words in dischargeDisposition. */
export const MA_LOAI_RV: Readonly<Record<string, string>> = {
  '1': 'Ra viện',
  '2': 'Chuyển tuyến theo yêu cầu chuyên môn',
  '3': 'Trốn viện',
  '4': 'Xin ra viện',
  '5': 'Chuyển tuyến theo yêu cầu người bệnh',
};

/** XML1 KET_QUA_DTRI (kết quả điều trị); "5" (tử vong) sets the patient's deceasedDateTime to NGAY_RA. */
export const KET_QUA_DTRI: Readonly<Record<string, string>> = {
  '1': 'Khỏi',
  '2': 'Đỡ',
  '3': 'Không thay đổi',
  '4': 'Nặng hơn',
  '5': 'Tử vong',
  '6': 'Tiên lượng nặng xin về',
  '7': 'Chưa xác định',
};
export const KET_QUA_DTRI_TU_VONG = '5';

/**
 * MA_KHOA (Decision 5937/QĐ-BYT appendix 5) → the province department code system
 * (fhir-profiles/input/fsh/terminology/department.fsh). Codes with no close province department
 * (K12 Lao, K32 Y học hạt nhân, K34 Truyền máu) are left unmapped: the source code is always kept
 * in departmentText.
 */
export const MA_KHOA: Readonly<Record<string, { name: string; department?: string }>> = {
  K01: { name: 'Khoa Khám bệnh', department: 'kham-benh' },
  K02: { name: 'Khoa Hồi sức cấp cứu', department: 'cap-cuu' },
  K03: { name: 'Khoa Nội tổng hợp', department: 'noi' },
  K04: { name: 'Khoa Nội tim mạch', department: 'tim-mach' },
  K05: { name: 'Khoa Nội tiêu hóa', department: 'tieu-hoa' },
  K06: { name: 'Khoa Nội cơ - xương - khớp', department: 'noi' },
  K07: { name: 'Khoa Nội thận - tiết niệu', department: 'than-tiet-nieu' },
  K08: { name: 'Khoa Nội tiết', department: 'noi-tiet' },
  K09: { name: 'Khoa Dị ứng', department: 'noi' },
  K10: { name: 'Khoa Huyết học lâm sàng', department: 'noi' },
  K11: { name: 'Khoa Truyền nhiễm', department: 'truyen-nhiem' },
  K12: { name: 'Khoa Lao' },
  K13: { name: 'Khoa Da liễu', department: 'da-lieu' },
  K14: { name: 'Khoa Thần kinh', department: 'than-kinh' },
  K15: { name: 'Khoa Tâm thần', department: 'tam-than' },
  K16: { name: 'Khoa Y học cổ truyền', department: 'y-hoc-co-truyen' },
  K17: { name: 'Khoa Lão học', department: 'lao-khoa' },
  K18: { name: 'Khoa Nhi', department: 'nhi' },
  K19: { name: 'Khoa Ngoại tổng hợp', department: 'ngoai-tong-hop' },
  K20: { name: 'Khoa Ngoại thần kinh', department: 'ngoai-than-kinh' },
  K21: { name: 'Khoa Ngoại lồng ngực', department: 'ngoai' },
  K22: { name: 'Khoa Ngoại tiêu hóa', department: 'ngoai' },
  K23: { name: 'Khoa Ngoại thận - tiết niệu', department: 'ngoai-tiet-nieu' },
  K24: { name: 'Khoa Chấn thương chỉnh hình', department: 'chan-thuong-chinh-hinh' },
  K25: { name: 'Khoa Bỏng', department: 'ngoai' },
  K26: { name: 'Khoa Phẫu thuật gây mê hồi sức', department: 'gay-me-hoi-suc' },
  K27: { name: 'Khoa Phụ sản', department: 'san' },
  K28: { name: 'Khoa Tai - Mũi - Họng', department: 'tai-mui-hong' },
  K29: { name: 'Khoa Răng - Hàm - Mặt', department: 'rang-ham-mat' },
  K30: { name: 'Khoa Mắt', department: 'mat' },
  K31: { name: 'Khoa Vật lý trị liệu - Phục hồi chức năng', department: 'phuc-hoi-chuc-nang' },
  K32: { name: 'Khoa Y học hạt nhân' },
  K33: { name: 'Khoa Ung bướu', department: 'ung-buou' },
  K34: { name: 'Khoa Truyền máu' },
  K35: { name: 'Khoa Lọc máu', department: 'than-tiet-nieu' },
  K36: { name: 'Khoa Huyết học', department: 'xet-nghiem' },
  K37: { name: 'Khoa Sinh hóa', department: 'xet-nghiem' },
  K38: { name: 'Khoa Vi sinh', department: 'xet-nghiem' },
  K39: { name: 'Khoa Chẩn đoán hình ảnh', department: 'chan-doan-hinh-anh' },
  K40: { name: 'Khoa Thăm dò chức năng', department: 'tham-do-chuc-nang' },
  K41: { name: 'Khoa Nội soi', department: 'tham-do-chuc-nang' },
  K42: { name: 'Khoa Giải phẫu bệnh', department: 'giai-phau-benh' },
  K43: { name: 'Khoa Chống nhiễm khuẩn', department: 'kiem-soat-nhiem-khuan' },
  K44: { name: 'Khoa Dược', department: 'duoc' },
  K45: { name: 'Khoa Dinh dưỡng', department: 'dinh-duong' },
  K46: { name: 'Khoa Sinh học phân tử', department: 'xet-nghiem' },
  K47: { name: 'Khoa Xét nghiệm', department: 'xet-nghiem' },
  K48: { name: 'Khoa Hồi sức tích cực', department: 'hoi-suc-tich-cuc' },
  K49: { name: 'Khoa Chống độc', department: 'hoi-suc-tich-cuc' },
};

/** The MA_KHOA code of a department code, for the writer (the first K-code that maps to it). */
export function maKhoaFor(departmentCode: string): string | undefined {
  return Object.entries(MA_KHOA).find(([, entry]) => entry.department === departmentCode)?.[0];
}

/**
 * XML3 MA_NHOM (nhóm chi phí, Decision 5937/QĐ-BYT appendix 3) and what becomes of a row of each
 * group. Only groups that are something done to the patient become procedures; the others are
 * billing lines (supplies, beds, transport, the examination fee) or are loaded from another table
 * (lab orders: their results come from XML4). Rows that are not loaded are counted in a warning on
 * the record, never dropped in silence.
 */
export const MA_NHOM_PROCEDURE: ReadonlySet<string> = new Set(['2', '3', '8', '9', '18']);
export const MA_NHOM_NAME: Readonly<Record<string, string>> = {
  '1': 'xét nghiệm (kết quả lấy từ XML4)',
  '2': 'chẩn đoán hình ảnh',
  '3': 'thăm dò chức năng',
  '4': 'thuốc',
  '5': 'thuốc ngoài danh mục',
  '6': 'thuốc thanh toán theo tỷ lệ',
  '7': 'máu',
  '8': 'phẫu thuật',
  '9': 'dịch vụ kỹ thuật thanh toán theo tỷ lệ',
  '10': 'vật tư y tế',
  '11': 'vật tư y tế thanh toán theo tỷ lệ',
  '12': 'vận chuyển',
  '13': 'khám bệnh',
  '14': 'ngày giường bệnh ban ngày',
  '15': 'ngày giường bệnh điều trị nội trú',
  '16': 'ngày giường lưu',
  '17': 'chế phẩm máu',
  '18': 'thủ thuật',
};
/** The examination fee row names the examining doctor (MA_BAC_SI): the encounter's attending doctor. */
export const MA_NHOM_KHAM_BENH = '13';
export const MA_NHOM_XET_NGHIEM = '1';
export const MA_NHOM_PHAU_THUAT = '8';
export const MA_NHOM_GIUONG_NOI_TRU = '15';

/** The three hospitals' Ministry facility codes (MACSKCB / MA_CSKCB), from the directory. */
export const FACILITY_CODE_BY_HOSPITAL: Readonly<Record<HospitalCode, string>> = Object.fromEntries(
  DEMO_HOSPITALS.map((hospital) => [hospital.id, hospital.facilityCode]),
) as Record<HospitalCode, string>;

export function hospitalOfFacility(facilityCode: string): HospitalCode | undefined {
  return (Object.entries(FACILITY_CODE_BY_HOSPITAL) as Array<[HospitalCode, string]>).find(
    ([, code]) => code === facilityCode,
  )?.[0];
}
