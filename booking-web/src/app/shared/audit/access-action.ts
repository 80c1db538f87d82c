/**
 * Words for one action of the audit log on a patient's record, shared by the doctor's "who has
 * looked at this record" panel and the patient's own list on the kiosk. An action this list does
 * not know is shown as the API names it.
 */
export function accessActionLabel(action: string): string {
  switch (action) {
    case 'read':
      return $localize`:@@access.action.read:Xem hồ sơ`;
    case 'search':
      return $localize`:@@access.action.search:Tìm kiếm`;
    case 'break-glass':
      return $localize`:@@access.action.breakGlass:Truy cập khẩn cấp`;
    case 'create':
      return $localize`:@@access.action.create:Thêm thông tin`;
    case 'update':
      return $localize`:@@access.action.update:Sửa thông tin`;
    case 'delete':
      return $localize`:@@access.action.delete:Xóa thông tin`;
    case 'restore':
      return $localize`:@@access.action.restore:Khôi phục thông tin`;
    default:
      return action;
  }
}
