import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing with argon2id (@node-rs/argon2, Rust bindings shipped prebuilt for each platform;
 * argon2id is its default algorithm). Cost: m = 19 MiB, t = 2, p = 1, the first of OWASP's
 * recommended settings (about 6 ms per check on one core here, 8 at once in 93 ms on two). The PHC
 * string records the parameters, so raising them later still verifies old hashes.
 */
const COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The same text typed on two keyboards may arrive composed or decomposed (Vietnamese "ư" + tone
 * mark), so passwords are compared in NFC.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** What is wrong with a new password, in words, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...normalizePassword(password)].length;
  if (length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`;
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), COST);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown user, OIDC-only user) it checks
 * against a hash of random bytes made with the same parameters, so the answer takes as long and
 * the timing does not tell whether the username exists.
 */
export async function checkPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const candidate = normalizePassword(password);
  if (!storedHash) {
    dummyHash ??= hash(randomBytes(32).toString('base64url'), COST);
    await verify(await dummyHash, candidate).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, candidate);
  } catch {
    // A malformed stored hash is a wrong password, not a crash of the sign-in.
    return false;
  }
}
