import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DEMO_HOSPITALS } from '../directory/demo-directory.js';
import { badRequest, HttpError, notFound } from '../errors/http-error.js';
import { HOSPITAL_CODES, type HospitalCode } from '../ingestion/model.js';
import { isDuplicateKey } from '../scheduling/models.js';
import { checkPassword, hashPassword, passwordProblem } from './passwords.js';
import { STAFF_ROLES, type AuthModels, type StaffRole, type StaffUserDocument } from './user-model.js';

/** A staff user as the rest of the API sees one: never with the password hash. */
export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  hospital?: HospitalCode;
  practitionerId?: string;
  active: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Usernames compare trimmed, in NFC and lower case. */
export function normalizeUsername(username: string): string {
  return username.trim().normalize('NFC').toLowerCase();
}

export const newStaffUserSchema = z
  .object({
    username: z.string().transform(normalizeUsername).pipe(z.string().regex(USERNAME, '3 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit')),
    displayName: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'),
    role: z.enum(STAFF_ROLES, { error: `one of ${STAFF_ROLES.join(', ')}` }),
    hospital: z.enum(HOSPITAL_CODES, { error: `one of ${HOSPITAL_CODES.join(', ')}` }).optional(),
    practitionerId: z.string().regex(FHIR_ID, 'a FHIR id: 1 to 64 letters, digits, dashes or dots').optional(),
    /** Absent for a user who signs in only through OpenID Connect. */
    password: z.string().optional(),
    active: z.boolean().default(true),
  })
  .superRefine((user, ctx) => {
    if (user.role !== 'admin' && !user.hospital) ctx.addIssue({ code: 'custom', path: ['hospital'], message: `required for the ${user.role} role (only an admin works province-wide)` });
    if (user.role === 'doctor' && !user.practitionerId) ctx.addIssue({ code: 'custom', path: ['practitionerId'], message: 'required for a doctor: the id of their FHIR Practitioner' });
    if (user.role !== 'doctor' && user.practitionerId) ctx.addIssue({ code: 'custom', path: ['practitionerId'], message: 'only doctors have a Practitioner' });
    const problem = user.password === undefined ? undefined : passwordProblem(user.password);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export type NewStaffUser = z.input<typeof newStaffUserSchema>;

/** One password per role for the demo users; the caller takes them from local secrets. */
export type DemoPasswords = Record<StaffRole, string>;

export interface SeedResult {
  created: string[];
  /** Already there; their password was reset when it no longer matched the one given. */
  existing: string[];
}

/** Short names of the hospitals in demo usernames (`doctor.bvdk`). */
const DEMO_SHORT: Record<HospitalCode, string> = {
  'bvdk-tinh-quang-ninh': 'bvdk',
  'bv-san-nhi-quang-ninh': 'sannhi',
  'bv-bai-chay': 'baichay',
};

function toUser(doc: StaffUserDocument): StaffUser {
  return {
    id: doc._id,
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role,
    ...(doc.hospital ? { hospital: doc.hospital } : {}),
    ...(doc.practitionerId ? { practitionerId: doc.practitionerId } : {}),
    active: doc.active,
  };
}

function fieldErrors(error: z.ZodError): HttpError {
  const errors = error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
  return badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** Staff users: creation, password checks and the demo set. */
export class UserService {
  constructor(
    private readonly models: AuthModels,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Creates the collections' indexes; call once at start-up (and before the first sign-in in tests). */
  async ready(): Promise<void> {
    await Promise.all([this.models.users.createIndexes(), this.models.sessions.createIndexes(), this.models.attempts.createIndexes()]);
  }

  /** Adds a user; 400 naming each bad field, 409 when the username is taken. */
  async createUser(input: NewStaffUser): Promise<StaffUser> {
    const parsed = newStaffUserSchema.safeParse(input);
    if (!parsed.success) throw fieldErrors(parsed.error);
    const user = parsed.data;
    const now = this.clock();
    const doc: StaffUserDocument = {
      _id: `usr-${randomUUID()}`,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      ...(user.hospital ? { hospital: user.hospital } : {}),
      ...(user.practitionerId ? { practitionerId: user.practitionerId } : {}),
      ...(user.password !== undefined ? { passwordHash: await hashPassword(user.password) } : {}),
      active: user.active,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.models.users.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new HttpError({ status: 409, code: 'username-taken', title: 'Username taken', detail: `username: "${user.username}" is already taken; choose another.`, extra: { errors: [{ field: 'username', message: 'already taken' }] } });
      }
      throw error;
    }
    return toUser(doc);
  }

  /**
   * The active user with this username and password, or undefined. Takes the same time whether the
   * username is unknown, the user inactive or the password wrong: a hash is always checked.
   */
  async verifyPassword(username: string, password: string): Promise<StaffUser | undefined> {
    const doc = await this.models.users.findOne({ username: normalizeUsername(username) }).lean<StaffUserDocument>();
    const ok = await checkPassword(doc?.passwordHash, password);
    return ok && doc?.active ? toUser(doc) : undefined;
  }

  async findById(userId: string): Promise<StaffUser | undefined> {
    const doc = await this.models.users.findById(userId).lean<StaffUserDocument>();
    return doc ? toUser(doc) : undefined;
  }

  async findByUsername(username: string): Promise<StaffUser | undefined> {
    const doc = await this.models.users.findOne({ username: normalizeUsername(username) }).lean<StaffUserDocument>();
    return doc ? toUser(doc) : undefined;
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw badRequest(`password: ${problem}`, { errors: [{ field: 'password', message: problem }] });
    const result = await this.models.users.updateOne({ _id: userId }, { $set: { passwordHash: await hashPassword(password), updatedAt: this.clock() } });
    if (result.matchedCount === 0) throw notFound(`There is no staff user ${userId}.`);
  }

  /** Turns a user on or off; ending an inactive user's open sessions is AuthService.deactivate's job. */
  async setActive(userId: string, active: boolean): Promise<void> {
    const result = await this.models.users.updateOne({ _id: userId }, { $set: { active, updatedAt: this.clock() } });
    if (result.matchedCount === 0) throw notFound(`There is no staff user ${userId}.`);
  }

  /**
   * The demo staff: per hospital one receptionist, one doctor (its first demo Practitioner) and one
   * hospital-it; and one admin. Idempotent: a user already there is kept, and only its password is
   * reset when it no longer matches the one given (local secrets may have been regenerated).
   */
  async seedDemoUsers(passwords: DemoPasswords): Promise<SeedResult> {
    for (const role of STAFF_ROLES) {
      const problem = passwordProblem(passwords[role]);
      if (problem) throw badRequest(`passwords.${role}: ${problem}`, { errors: [{ field: `passwords.${role}`, message: problem }] });
    }
    const wanted: Array<Omit<NewStaffUser, 'password'> & { role: StaffRole; username: string }> = [{ username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin' }];
    for (const hospital of DEMO_HOSPITALS) {
      const code = hospital.id as HospitalCode;
      const short = DEMO_SHORT[code];
      const doctor = hospital.practitioners[0];
      wanted.push(
        { username: `reception.${short}`, displayName: `Lễ tân — ${hospital.name}`, role: 'receptionist', hospital: code },
        { username: `it.${short}`, displayName: `Công nghệ thông tin — ${hospital.name}`, role: 'hospital-it', hospital: code },
      );
      if (doctor) wanted.push({ username: `doctor.${short}`, displayName: `BS. ${doctor.family} ${doctor.given}`, role: 'doctor', hospital: code, practitionerId: doctor.id });
    }
    const result: SeedResult = { created: [], existing: [] };
    for (const user of wanted) {
      const password = passwords[user.role];
      const existing = await this.models.users.findOne({ username: user.username }).lean<StaffUserDocument>();
      if (existing) {
        result.existing.push(user.username);
        if (!(await checkPassword(existing.passwordHash, password))) await this.setPassword(existing._id, password);
        continue;
      }
      try {
        await this.createUser({ ...user, password });
        result.created.push(user.username);
      } catch (error) {
        // Another instance seeding at the same moment created it first: fine.
        if (!(error instanceof HttpError && error.status === 409)) throw error;
        result.existing.push(user.username);
      }
    }
    return result;
  }
}
