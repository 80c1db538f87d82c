import { describe, expect, it } from '@jest/globals';
import { checkPassword, hashPassword, passwordProblem } from './passwords.js';
import { newStaffUserSchema, normalizeUsername } from './user-service.js';

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

describe('password hashing', () => {
  it('stores an argon2id PHC string that verifies the password and nothing else', async () => {
    const stored = await hashPassword('Mật khẩu rất dài 2026');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(checkPassword(stored, 'Mật khẩu rất dài 2026')).resolves.toBe(true);
    await expect(checkPassword(stored, 'Mật khẩu rất dài 2025')).resolves.toBe(false);
  });

  it('accepts the same Vietnamese password typed composed (NFC) or decomposed (NFD)', async () => {
    const stored = await hashPassword('Thuỷ-Nguyễn-2026'.normalize('NFC'));
    await expect(checkPassword(stored, 'Thuỷ-Nguyễn-2026'.normalize('NFD'))).resolves.toBe(true);
  });

  it('answers false, not a crash, for a malformed stored hash', async () => {
    await expect(checkPassword('not-a-phc-string', 'whatever1')).resolves.toBe(false);
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    const stored = await hashPassword('correct horse battery');
    await checkPassword(undefined, 'warm-up'); // builds the dummy hash once
    // Medians of interleaved runs: the other test workers on the same cores make single runs jumpy.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 15; i++) {
      known.push(await timed(() => checkPassword(stored, 'wrong password')));
      unknown.push(await timed(() => checkPassword(undefined, 'wrong password')));
    }
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('says what is wrong with a too short or too long password', () => {
    expect(passwordProblem('1234567')).toBe('at least 8 characters');
    expect(passwordProblem('Đủ tám kí')).toBeUndefined();
    expect(passwordProblem('x'.repeat(257))).toBe('at most 256 characters');
  });
});

describe('newStaffUserSchema', () => {
  it('normalises the username and accepts an admin without a hospital', () => {
    const parsed = newStaffUserSchema.parse({
      username: '  Admin.Tinh ',
      displayName: 'Quản trị',
      role: 'admin',
    });
    expect(parsed.username).toBe('admin.tinh');
    expect(normalizeUsername('DOCTOR.BVDK')).toBe('doctor.bvdk');
  });

  it('names the field and the rule for each broken rule', () => {
    const result = newStaffUserSchema.safeParse({
      username: 'a',
      displayName: '',
      role: 'nurse',
      password: 'short',
    });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['username', 'displayName', 'role']));
    const doctor = newStaffUserSchema.safeParse({
      username: 'doctor.x',
      displayName: 'BS. X',
      role: 'doctor',
      password: 'short',
    });
    expect(doctor.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^hospital: required for the doctor role/),
        expect.stringMatching(/^practitionerId: required for a doctor/),
        'password: at least 8 characters',
      ]),
    );
  });
});
