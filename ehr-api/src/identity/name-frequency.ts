/*
 * How common each Vietnamese family name is, folded. Agreement on "Nguyễn" (about 38% of the
 * population) says far less than agreement on "Lưu", so the matcher weighs family-name agreement
 * by its frequency, as Fellegi–Sunter frequency-based weighting does. Shares are the commonly cited
 * national figures (Nguyễn 38.4%, Trần 12.1%, Lê 9.5%, Phạm 7%, Hoàng/Huỳnh 5.1%, Phan 4.5%,
 * Vũ/Võ 3.9%, Đặng 2.1%, Bùi 2%, Đỗ 1.4%, Hồ 1.3%, Ngô 1.3%, Dương 1%, Lý 0.5%); pairs that fold
 * apart are split with the northern form (Hoàng, Vũ) taking the larger share, as in Quảng Ninh.
 */
export const FAMILY_NAME_SHARE: Readonly<Record<string, number>> = {
  nguyen: 0.384,
  tran: 0.121,
  le: 0.095,
  pham: 0.07,
  hoang: 0.045,
  huynh: 0.006,
  phan: 0.045,
  vu: 0.033,
  vo: 0.006,
  dang: 0.021,
  bui: 0.02,
  do: 0.014,
  ho: 0.013,
  ngo: 0.013,
  duong: 0.01,
  ly: 0.005,
};

/** Share of a family name not in the table: a rare one. */
export const RARE_FAMILY_NAME_SHARE = 0.004;

/** Middle names so common that agreeing on them says little (most men are "Văn", most women "Thị"). */
export const COMMON_MIDDLE_NAMES: ReadonlySet<string> = new Set(['van', 'thi', 'duc', 'ngoc', 'thanh', 'minh', 'huu', 'quang']);
