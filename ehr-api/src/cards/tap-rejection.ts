import type { TAP_REJECTION_CODES } from '@qn/contracts';

/** Why a tap signed nobody in: a stable code, and words for the patient on the kiosk screen (Vietnamese). */
export const TAP_REJECTIONS = {
  'not-a-patient-card':
    'Đây không phải thẻ khám bệnh của tỉnh Quảng Ninh. Vui lòng dùng thẻ khám bệnh.',
  unreadable: 'Không đọc được thẻ. Vui lòng giữ thẻ yên trên đầu đọc và chạm lại.',
  'invalid-cmac': 'Thẻ không hợp lệ. Vui lòng liên hệ quầy tiếp đón.',
  'unknown-card': 'Thẻ chưa được đăng ký. Vui lòng liên hệ quầy tiếp đón.',
  revoked: 'Thẻ đã bị khóa. Vui lòng liên hệ quầy tiếp đón để được cấp thẻ mới.',
  replaced: 'Thẻ này đã được thay bằng thẻ mới. Vui lòng dùng thẻ mới.',
  expired: 'Thẻ đã hết hạn. Vui lòng liên hệ quầy tiếp đón để gia hạn thẻ.',
  replayed: 'Lượt chạm thẻ không hợp lệ. Vui lòng nhấc thẻ ra và chạm lại.',
  'stale-tap': 'Lượt chạm thẻ đã quá lâu. Vui lòng chạm lại thẻ.',
  unavailable: 'Hệ thống đang bận. Vui lòng chạm lại thẻ sau ít phút.',
} as const satisfies Record<(typeof TAP_REJECTION_CODES)[number], string>;

export type TapRejectionCode = keyof typeof TAP_REJECTIONS;

export class TapRejected extends Error {
  constructor(
    readonly code: TapRejectionCode,
    detail?: string,
  ) {
    super(detail ?? TAP_REJECTIONS[code]);
    this.name = 'TapRejected';
  }

  /** Vietnamese words for the screen. */
  get screenMessage(): string {
    return TAP_REJECTIONS[this.code];
  }
}
