import { Schema, type Connection, type Model } from 'mongoose';
import type { HospitalCode, PatientFacts } from '../ingestion/model.js';

/*
 * Identity across hospitals, stored so that every invariant rests on an insert into a unique key.
 * FerretDB (our local and test MongoDB) loses concurrent updates to one document, conditional ones
 * included, and has no transactions (see scheduling/models.ts for the measurements). So:
 *
 * - a member's link to a person is never updated: each change inserts the next version
 *   (`identity_links`, unique on member + version), and the highest version is the link;
 * - a deterministic key (CCCD, BHYT social insurance number) belongs to the first person that
 *   inserts it (`identity_keys`, unique on key), so two parallel ingestions of one person meet there;
 * - persons are joined, never rewritten: `identity_person_joins` gives a person at most one parent
 *   (its _id is the child), always a smaller id than itself, so the joins form a forest and the
 *   root is the person; two writers joining the same pair cannot both win;
 * - a review is decided once: the decision is inserted under the review's id;
 * - the member document (facts and blocking keys for matching) is written only by resolve, and a
 *   lost update there costs at most a stale blocking key, never a link.
 *
 * FerretDB 1.24 pushes equality filters down to PostgreSQL but not `$in` or `$or` (measured: 3 ms
 * for an equality on an array field over 20,000 members, 290 ms for `$in`), so lookups are one
 * equality query per key, run in parallel.
 */

export type LinkKind = 'new' | 'linked' | 'review' | 'unlinked' | 'merged';

/** One hospital's patient (hospital + MRN), as last seen by resolve. */
export interface MemberDocument {
  /** `<hospital>|<mrn>` */
  _id: string;
  hospital: HospitalCode;
  mrn: string;
  facts: PatientFacts;
  /** Blocking keys: where a new record looks for candidates. */
  blocks: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** One version of a member's link to a person; the highest version is the current link. */
export interface LinkDocument {
  /** `<memberId>#<version>` */
  _id: string;
  memberId: string;
  hospital: HospitalCode;
  mrn: string;
  version: number;
  personId: string;
  kind: LinkKind;
  /** Why this link was made, in words. */
  reason: string;
  reasons: string[];
  score?: number;
  /** Survivor's MRN when this member was merged away by ADT A40. */
  mergedInto?: string;
  by: string;
  at: Date;
}

/** A deterministic identifier, owned by the first person to claim it. */
export interface KeyDocument {
  /** `cccd:<12 digits>` or `bhyt-sin:<10 digits>` */
  key: string;
  personId: string;
  hospital: HospitalCode;
  mrn: string;
  /** The claimant's facts, so a later claimant can be compared even before the first one is linked. */
  facts: PatientFacts;
  at: Date;
}

/** A person joined into another: the child is `_id`, its parent `into` (always a smaller id). */
export interface PersonJoinDocument {
  _id: string;
  into: string;
  reason: string;
  by: string;
  at: Date;
}

export type ReviewStatus = 'open' | 'decided';
export type ReviewDecision = 'same-person' | 'different-people';

/** A possible link a person must decide: the member was given a person of its own meanwhile. */
export interface ReviewDocument {
  _id: string;
  memberId: string;
  hospital: HospitalCode;
  mrn: string;
  /** The member's person when the review was opened. */
  personId: string;
  candidatePersonId: string;
  candidateHospital?: HospitalCode;
  candidateMrn?: string;
  score?: number;
  reasons: string[];
  status: ReviewStatus;
  decision?: ReviewDecision;
  decidedBy?: string;
  decisionReason?: string;
  decidedAt?: Date;
  createdAt: Date;
}

/** The one decision on a review, claimed by inserting it under the review's id. */
export interface ReviewDecisionDocument {
  _id: string;
  decision: ReviewDecision;
  decidedBy: string;
  reason: string;
  at: Date;
}

export type LinkEventType = 'linked' | 'unlinked' | 'reviewed' | 'merged' | 'persons-joined';

/** Append-only history of every identity change. */
export interface LinkEventDocument {
  type: LinkEventType;
  hospital?: HospitalCode;
  mrn?: string;
  personId: string;
  /** The person left (unlinked), joined into (persons-joined) or proposed (reviewed). */
  otherPersonId?: string;
  reason: string;
  reasons?: string[];
  score?: number;
  reviewId?: string;
  decision?: ReviewDecision;
  by: string;
  at: Date;
}

const memberSchema = new Schema<MemberDocument>(
  {
    _id: { type: String, required: true },
    hospital: { type: String, required: true },
    mrn: { type: String, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    blocks: { type: [String], default: [] },
  },
  { collection: 'identity_members', timestamps: true, minimize: false },
);
memberSchema.index({ hospital: 1, mrn: 1 }, { unique: true, name: 'member_unique' });
memberSchema.index({ blocks: 1 });

const linkSchema = new Schema<LinkDocument>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    hospital: { type: String, required: true },
    mrn: { type: String, required: true },
    version: { type: Number, required: true },
    personId: { type: String, required: true },
    kind: { type: String, required: true },
    reason: { type: String, required: true },
    reasons: { type: [String], default: [] },
    score: Number,
    mergedInto: String,
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'identity_links' },
);
linkSchema.index({ memberId: 1, version: 1 }, { unique: true, name: 'link_version_unique' });
linkSchema.index({ personId: 1 });

const keySchema = new Schema<KeyDocument>(
  {
    key: { type: String, required: true },
    personId: { type: String, required: true },
    hospital: { type: String, required: true },
    mrn: { type: String, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'identity_keys', minimize: false },
);
keySchema.index({ key: 1 }, { unique: true, name: 'key_unique' });

const joinSchema = new Schema<PersonJoinDocument>(
  { _id: { type: String, required: true }, into: { type: String, required: true }, reason: { type: String, required: true }, by: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'identity_person_joins' },
);
joinSchema.index({ into: 1 });

const reviewSchema = new Schema<ReviewDocument>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    hospital: { type: String, required: true },
    mrn: { type: String, required: true },
    personId: { type: String, required: true },
    candidatePersonId: { type: String, required: true },
    candidateHospital: String,
    candidateMrn: String,
    score: Number,
    reasons: { type: [String], default: [] },
    status: { type: String, required: true },
    decision: String,
    decidedBy: String,
    decisionReason: String,
    decidedAt: Date,
    createdAt: { type: Date, required: true },
  },
  { collection: 'identity_reviews' },
);
reviewSchema.index({ status: 1, createdAt: 1 });

const decisionSchema = new Schema<ReviewDecisionDocument>(
  { _id: { type: String, required: true }, decision: { type: String, required: true }, decidedBy: { type: String, required: true }, reason: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'identity_review_decisions' },
);

const eventSchema = new Schema<LinkEventDocument>(
  {
    type: { type: String, required: true },
    hospital: String,
    mrn: String,
    personId: { type: String, required: true },
    otherPersonId: String,
    reason: { type: String, required: true },
    reasons: { type: [String], default: undefined },
    score: Number,
    reviewId: String,
    decision: String,
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'identity_link_events' },
);
eventSchema.index({ hospital: 1, mrn: 1, at: 1 });
eventSchema.index({ personId: 1, at: 1 });
eventSchema.index({ otherPersonId: 1 });

export interface IdentityModels {
  members: Model<MemberDocument>;
  links: Model<LinkDocument>;
  keys: Model<KeyDocument>;
  joins: Model<PersonJoinDocument>;
  reviews: Model<ReviewDocument>;
  decisions: Model<ReviewDecisionDocument>;
  events: Model<LinkEventDocument>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function identityModels(connection: Connection): IdentityModels {
  return {
    members: model(connection, 'IdentityMember', memberSchema),
    links: model(connection, 'IdentityLink', linkSchema),
    keys: model(connection, 'IdentityKey', keySchema),
    joins: model(connection, 'IdentityPersonJoin', joinSchema),
    reviews: model(connection, 'IdentityReview', reviewSchema),
    decisions: model(connection, 'IdentityReviewDecision', decisionSchema),
    events: model(connection, 'IdentityLinkEvent', eventSchema),
  };
}

/** Builds the unique indexes the invariants rest on before the first write. */
export async function ensureIdentityIndexes(models: IdentityModels): Promise<void> {
  await Promise.all(Object.values(models).map((each: Model<unknown>) => each.createIndexes()));
}

/** Whether a MongoDB error is a unique-index violation (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
