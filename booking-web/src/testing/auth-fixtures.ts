import type { StaffSession, StaffUser } from '../app/core/auth/auth-types';
import { AUTH_STORAGE_KEY } from '../app/core/auth/auth-service';

export const doctorUser: StaffUser = {
  id: 'usr-doctor-1',
  username: 'bs.hung',
  displayName: 'BS. Nguyễn Văn Hùng',
  role: 'doctor',
  hospital: 'bvdk-tinh-quang-ninh',
};

export const receptionistUser: StaffUser = {
  id: 'usr-reception-1',
  username: 'lt.lan',
  displayName: 'Phạm Thị Lan',
  role: 'receptionist',
  hospital: 'bv-bai-chay',
};

/** A session that is valid for another hour from the (real or mocked) clock. */
export function sessionFor(user: StaffUser, token = `token-of-${user.id}`): StaffSession {
  return {
    accessToken: token,
    expiresAt: new Date(Date.now() + 60 * 60 * 1000).toISOString(),
    user,
  };
}

/** sessionStorage's behaviour in memory, so specs neither share nor leave state. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();

  get length(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

/** Storage that already holds `session`, as after a sign-in and a page reload. */
export function storageWith(session: StaffSession | null): MemoryStorage {
  const storage = new MemoryStorage();
  if (session) storage.setItem(AUTH_STORAGE_KEY, JSON.stringify(session));
  return storage;
}
