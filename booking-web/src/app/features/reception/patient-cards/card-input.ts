import { isProblemType, problemText } from '../../../core/auth/problem-details';
import type { CardStatus } from '../reception-api';

/**
 * The chip UID as the API wants it (14 upper-case hexadecimal digits), from what the receptionist
 * typed or pasted: desk readers show it grouped (`04 A2 3B …`, `04:A2:3B:…`), so spaces, colons
 * and dashes are dropped. Null when it is not a 7-byte UID.
 */
export function chipUid(text: string): string | null {
  const compact = text.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]{14}$/.test(compact) ? compact : null;
}

/** The API's shortest reason (after trimming). */
export const MIN_REASON_LENGTH = 3;

export function uidError(text: string): string | null {
  if (!text.trim()) {
    return $localize`:@@reception.cards.error.uidMissing:Nhập mã chip (UID) hiện trên đầu đọc thẻ.`;
  }
  return chipUid(text)
    ? null
    : $localize`:@@reception.cards.error.uidFormat:Mã chip (UID) phải gồm đúng 14 chữ số hệ mười sáu (0–9, A–F), ví dụ 04A23B1C5D6E80.`;
}

export function reasonError(text: string): string | null {
  return text.trim().length >= MIN_REASON_LENGTH
    ? null
    : $localize`:@@reception.cards.error.reason:Ghi lý do (ít nhất ${MIN_REASON_LENGTH}:MIN: ký tự), ví dụ: mất thẻ.`;
}

/** A card's status in words, with its icon and the `badge--…` tone of `_controls.scss`. */
export function cardStatusLook(status: CardStatus): {
  readonly label: string;
  readonly icon: string;
  readonly tone: 'ok' | 'bad' | 'muted';
} {
  switch (status) {
    case 'active':
      return {
        label: $localize`:@@reception.cards.status.active:Đang dùng`,
        icon: '✓',
        tone: 'ok',
      };
    case 'replaced':
      return {
        label: $localize`:@@reception.cards.status.replaced:Đã thay`,
        icon: '⇄',
        tone: 'muted',
      };
    case 'revoked':
      return {
        label: $localize`:@@reception.cards.status.revoked:Đã thu hồi`,
        icon: '✕',
        tone: 'bad',
      };
    case 'expired':
      return {
        label: $localize`:@@reception.cards.status.expired:Hết hạn`,
        icon: '⌛',
        tone: 'muted',
      };
  }
}

/** Why issuing, replacing or revoking a card was refused, in words for the receptionist. */
export function cardProblemText(error: unknown): string {
  if (isProblemType(error, 'card-exists')) {
    return $localize`:@@reception.cards.error.exists:Chip này đã được đăng ký cho một thẻ rồi (mỗi chip chỉ cấp một lần). Hãy dùng một thẻ trắng khác.`;
  }
  if (isProblemType(error, 'card-not-active')) {
    return $localize`:@@reception.cards.error.notActive:Thẻ này không còn hoạt động (đã thay, đã thu hồi hoặc hết hạn). Danh sách thẻ đã được tải lại.`;
  }
  if (isProblemType(error, 'cards-not-configured')) {
    return $localize`:@@reception.cards.error.notConfigured:Hệ thống chưa được cài khóa thẻ nên chưa cấp được thẻ. Hãy báo bộ phận CNTT.`;
  }
  return problemText(error);
}

/**
 * Why writing a card on the desk reader failed, in words for the receptionist: what to do with the
 * card in hand (place it, put it back, use another one) or with the station.
 */
export function deskProblemText(error: unknown): string {
  if (isProblemType(error, 'no-card-on-reader')) {
    return $localize`:@@reception.cards.desk.error.noCard:Chưa thấy thẻ trên đầu đọc. Đặt thẻ lên đầu đọc của trạm đã chọn rồi bấm lại.`;
  }
  if (isProblemType(error, 'card-removed')) {
    return $localize`:@@reception.cards.desk.error.removed:Thẻ bị nhấc ra khi đang ghi. Đặt lại đúng thẻ đó lên đầu đọc rồi bấm lại: việc ghi sẽ làm tiếp từ chỗ dừng.`;
  }
  if (isProblemType(error, 'wrong-card')) {
    return $localize`:@@reception.cards.desk.error.wrongCard:Trên đầu đọc là một thẻ khác. Đặt lại đúng thẻ rồi bấm lại.`;
  }
  if (isProblemType(error, 'unsupported-card')) {
    return $localize`:@@reception.cards.desk.error.unsupported:Đây không phải thẻ khám bệnh trắng của tỉnh. Dùng thẻ trắng của tỉnh.`;
  }
  if (isProblemType(error, 'card-keys-unknown')) {
    return $localize`:@@reception.cards.desk.error.keysUnknown:Thẻ trên đầu đọc đã được cài khóa khác (không phải thẻ trắng, hoặc không phải thẻ này). Dùng đúng thẻ, hoặc một thẻ trắng khác.`;
  }
  if (isProblemType(error, 'station-offline') || isProblemType(error, 'station-not-found')) {
    return $localize`:@@reception.cards.desk.error.offline:Trạm đọc thẻ đã chọn đang mất kết nối. Kiểm tra máy tính và đầu đọc của trạm, hoặc chọn trạm khác.`;
  }
  if (isProblemType(error, 'station-timeout')) {
    return $localize`:@@reception.cards.desk.error.timeout:Trạm đọc thẻ không trả lời kịp. Để nguyên thẻ trên đầu đọc rồi bấm lại.`;
  }
  if (isProblemType(error, 'reader-busy')) {
    return $localize`:@@reception.cards.desk.error.busy:Đầu đọc đang ghi một thẻ khác. Chờ một chút rồi bấm lại.`;
  }
  if (isProblemType(error, 'reader-not-found')) {
    return $localize`:@@reception.cards.desk.error.noReader:Trạm không thấy đầu đọc thẻ. Kiểm tra dây cắm đầu đọc.`;
  }
  if (isProblemType(error, 'card-write-failed') || isProblemType(error, 'card-verify-failed')) {
    return $localize`:@@reception.cards.desk.error.write:Không ghi được thẻ. Giữ yên thẻ trên đầu đọc rồi bấm lại; nếu vẫn lỗi, dùng thẻ khác.`;
  }
  return cardProblemText(error);
}
