import { createHash } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { HOSPITAL_CODES, type HospitalCode, type PatientFacts } from '../ingestion/model.js';
import { memberBlockingKeys, queryBlockingKeys } from './blocking.js';
import { compareFeatures, patientFeatures, type MatchDecision, type MatchResult, type PatientFeatures } from './matcher.js';
import {
  ensureIdentityIndexes,
  identityModels,
  isDuplicateKey,
  type IdentityModels,
  type KeyDocument,
  type LinkDocument,
  type LinkEventDocument,
  type LinkKind,
  type MemberDocument,
  type ReviewDecision,
  type ReviewDocument,
  type ReviewStatus,
} from './models.js';

/*
 * The persistent side of identity: which hospital patients (hospital + MRN, "members") are one
 * person. How each write is made safe without transactions on a server that loses concurrent
 * updates is told in models.ts; how two parallel ingestions of one person converge is told at
 * resolve().
 */

/** Bad input or an unknown patient: a value the caller turns into a rejection, never a throw. */
export interface IdentityRejection {
  ok: false;
  /** Stable rule id: "required", "unknown-hospital", "unknown-patient", "already-decided"... */
  code: string;
  /** The input field at fault. */
  field: string;
  message: string;
}

export type ResolveStatus = 'new' | 'linked' | 'review' | 'existing';

export interface ResolveSuccess {
  ok: true;
  personId: string;
  status: ResolveStatus;
  reasons: string[];
  score?: number;
}

export type ResolveOutcome = ResolveSuccess | IdentityRejection;

/** A member's current link. */
export interface PersonLink {
  personId: string;
  hospital: HospitalCode;
  mrn: string;
  status: 'active' | 'merged';
  /** Survivor's MRN when merged away by ADT A40. */
  mergedInto?: string;
  kind: LinkKind;
  reason: string;
  reasons: string[];
  score?: number;
  linkedAt: Date;
  linkedBy: string;
}

export interface ReviewItem {
  id: string;
  hospital: HospitalCode;
  mrn: string;
  /** The member's person now. */
  personId: string;
  /** The person it may be, now. */
  candidatePersonId: string;
  candidate?: { hospital: HospitalCode; mrn: string };
  score?: number;
  reasons: string[];
  status: ReviewStatus;
  decision?: ReviewDecision;
  decidedBy?: string;
  decisionReason?: string;
  decidedAt?: Date;
  createdAt: Date;
}

export interface LinkEvent {
  type: LinkEventDocument['type'];
  hospital?: HospitalCode;
  mrn?: string;
  personId: string;
  otherPersonId?: string;
  reason: string;
  reasons?: string[];
  score?: number;
  reviewId?: string;
  decision?: ReviewDecision;
  by: string;
  at: Date;
}

export type DecideOutcome = { ok: true; review: ReviewItem; personId: string } | IdentityRejection;
export type UnlinkOutcome = { ok: true; personId: string; previousPersonId: string } | IdentityRejection;
export type MergeOutcome = { ok: true; personId: string; status: 'merged' | 'already-merged' } | IdentityRejection;

export interface IdentityServiceOptions {
  clock?: () => Date;
  /** Most members compared per resolve (blocking normally finds a handful). */
  maxCandidates?: number;
}

interface IdentityKey {
  key: string;
  label: string;
}

interface Evaluation {
  root: string;
  hospital: HospitalCode;
  mrn: string;
  result: MatchResult;
}

interface ReviewProposal {
  candidatePersonId: string;
  hospital?: HospitalCode;
  mrn?: string;
  reasons: string[];
  score?: number;
  cause: string;
}

interface Decision {
  kind: 'key' | 'match' | 'review' | 'new';
  /** The person to join, for key and match. */
  personId?: string;
  evaluation?: Evaluation;
  reviews: ReviewProposal[];
}

const DECISION_RANK: Record<MatchDecision, number> = { match: 2, review: 1, 'non-match': 0 };
const MAX_JOIN_HOPS = 64;
const RELINK_ATTEMPTS = 8;

function rejection(field: string, code: string, message: string): IdentityRejection {
  return { ok: false, code, field, message };
}

function requiredText(value: unknown, field: string, max = 200): IdentityRejection | undefined {
  if (typeof value !== 'string' || !value.trim()) return rejection(field, 'required', `${field} is required and must be a non-empty string.`);
  if (value.trim().length > max) return rejection(field, 'too-long', `${field} must be at most ${max} characters.`);
  return undefined;
}

function checkHospital(hospital: unknown): IdentityRejection | undefined {
  if (typeof hospital === 'string' && (HOSPITAL_CODES as readonly string[]).includes(hospital)) return undefined;
  return rejection('hospital', 'unknown-hospital', `hospital must be one of ${HOSPITAL_CODES.join(', ')}.`);
}

function memberIdOf(hospital: HospitalCode, mrn: string): string {
  return `${hospital}|${mrn.trim()}`;
}

function identityKeys(features: PatientFeatures): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (features.cccd) keys.push({ key: `cccd:${features.cccd}`, label: 'CCCD' });
  if (features.sin) keys.push({ key: `bhyt-sin:${features.sin}`, label: 'BHYT social insurance number' });
  return keys;
}

function better(a: Evaluation, b: Evaluation | undefined): boolean {
  if (!b) return true;
  const rank = DECISION_RANK[a.result.decision] - DECISION_RANK[b.result.decision];
  return rank > 0 || (rank === 0 && a.result.score > b.result.score);
}

function bestPerPerson(evaluations: readonly Evaluation[]): Evaluation[] {
  const best = new Map<string, Evaluation>();
  for (const evaluation of evaluations) if (better(evaluation, best.get(evaluation.root))) best.set(evaluation.root, evaluation);
  return [...best.values()].sort((a, b) => (better(a, b) ? -1 : 1));
}

function newPersonId(): string {
  // ObjectIds grow with time, so a join (always into the smaller id) keeps the older person.
  return new Types.ObjectId().toHexString();
}

export class IdentityService {
  private readonly models: IdentityModels;
  private readonly clock: () => Date;
  private readonly maxCandidates: number;
  private indexes: Promise<void> | undefined;

  constructor(connection: Connection, options: IdentityServiceOptions = {}) {
    this.models = identityModels(connection);
    this.clock = options.clock ?? (() => new Date());
    this.maxCandidates = options.maxCandidates ?? 200;
  }

  /** Builds the unique indexes once; every write path waits for it. */
  ready(): Promise<void> {
    this.indexes ??= ensureIdentityIndexes(this.models).catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }

  /**
   * Which person this hospital patient is. An already known (hospital, MRN) is 'existing' (its facts
   * are refreshed for future matching). Otherwise the CCCD and BHYT social insurance number are
   * looked up first, then candidates found by blocking are scored by the matcher: a match links
   * ('linked'), a possible match gets a person of its own and a review item ('review'), nothing
   * gives a 'new' person.
   *
   * Parallel ingestion of one person at several hospitals converges without transactions: the
   * member's first link is inserted before its keys are claimed; a key already claimed by another
   * person that was itself created concurrently is a join of the two persons (insert-once parent
   * pointers, so two joiners agree on the root); and a new person looks for candidates once more
   * after filing its own member, so of two parallel records without keys at least one sees the other.
   */
  async resolve(hospital: HospitalCode, facts: PatientFacts, options: { by?: string } = {}): Promise<ResolveOutcome> {
    const invalid = checkHospital(hospital) ?? (typeof facts !== 'object' || facts === null ? rejection('facts', 'required', 'facts is required.') : undefined) ?? requiredText(facts.mrn, 'mrn', 64);
    if (invalid) return invalid;
    if (typeof facts.fullName !== 'string') return rejection('fullName', 'required', 'fullName must be a string.');
    const features = patientFeatures(facts);
    const keys = identityKeys(features);
    if (features.name.words.length === 0 && keys.length === 0) return rejection('fullName', 'name-or-identifier-required', 'A patient needs a name, a CCCD or a BHYT number to be matched.');
    await this.ready();
    const by = options.by ?? 'ingestion';
    const mrn = facts.mrn.trim();
    const memberId = memberIdOf(hospital, mrn);
    const roots = new Map<string, string>();

    const current = await this.latestLink(memberId);
    if (current) return this.refreshExisting(hospital, mrn, facts, features, keys, current, by, roots);

    const decision = await this.decide(hospital, memberId, facts, features, keys, roots);
    const fresh = decision.kind === 'new' || decision.kind === 'review';
    const personId = decision.personId ?? newPersonId();
    const result = decision.evaluation?.result;
    const reasons =
      decision.kind === 'new'
        ? ['no matching person found']
        : decision.kind === 'review'
          ? [...(result?.reasons ?? []), `possible match with ${decision.evaluation?.hospital}/${decision.evaluation?.mrn}: sent to review`]
          : (result?.reasons ?? []);
    const kind: LinkKind = decision.kind === 'new' ? 'new' : decision.kind === 'review' ? 'review' : 'linked';
    const reason =
      decision.kind === 'new' ? 'new person: no matching person found' : decision.kind === 'review' ? `new person pending review: ${reasons.join('; ')}` : `matched ${decision.evaluation?.hospital}/${decision.evaluation?.mrn}: ${reasons.join('; ')}`;

    const link = this.linkDocument(memberId, hospital, mrn, 1, { personId, kind, reason, reasons, by, ...(result ? { score: result.score } : {}) });
    if (!(await this.insertLink(link))) {
      // Another ingestion of this very patient got here first: its link stands.
      const winner = await this.latestLink(memberId);
      if (!winner) throw new Error(`link of ${memberId} vanished`);
      return { ok: true, personId: await this.rootOf(winner.personId, roots), status: 'existing', reasons: [`registered concurrently: ${winner.reason}`] };
    }
    await this.saveMember(hospital, mrn, facts, features);
    await this.appendEvent({ type: 'linked', hospital, mrn, personId, reason, reasons, ...(result ? { score: result.score } : {}), by });

    const joined: string[] = [];
    for (const proposal of decision.reviews) await this.openReview(memberId, hospital, mrn, personId, proposal, by);
    for (const key of keys) {
      const outcome = await this.claimKey(key, personId, hospital, mrn, facts, fresh ? 'join' : 'review', by, roots);
      if (outcome) joined.push(outcome);
    }
    if (fresh) {
      const outcome = await this.joinParallelMatch(memberId, hospital, features, personId, by, roots);
      if (outcome) joined.push(outcome);
    }

    roots.clear();
    const root = await this.rootOf(personId, roots);
    if (joined.length) return { ok: true, personId: root, status: 'linked', reasons: [...reasons.filter((each) => each !== 'no matching person found'), ...joined], ...(result ? { score: result.score } : {}) };
    return { ok: true, personId: root, status: decision.kind === 'new' ? 'new' : decision.kind === 'review' ? 'review' : 'linked', reasons, ...(result ? { score: result.score } : {}) };
  }

  /** The person a hospital patient belongs to now, with the reason of its link; undefined when unknown. */
  async personOf(hospital: HospitalCode, mrn: string): Promise<PersonLink | undefined> {
    if (checkHospital(hospital) || requiredText(mrn, 'mrn', 64)) return undefined;
    const link = await this.latestLink(memberIdOf(hospital, mrn));
    return link ? this.toPersonLink(link, await this.rootOf(link.personId)) : undefined;
  }

  /** Every hospital patient of a person (any of its ids, joined ones included). */
  async membersOf(personId: string): Promise<PersonLink[]> {
    const root = await this.rootOf(personId);
    const persons = await this.personTree(root);
    const linked = (await Promise.all([...persons].map((id) => this.models.links.find({ personId: id }).lean()))).flat();
    const memberIds = [...new Set(linked.map((link) => link.memberId))];
    const latest = await Promise.all(memberIds.map((id) => this.latestLink(id)));
    return latest
      .filter((link): link is LinkDocument => link !== null && persons.has(link.personId))
      .map((link) => this.toPersonLink(link, root))
      .sort((a, b) => a.linkedAt.getTime() - b.linkedAt.getTime() || a.mrn.localeCompare(b.mrn));
  }

  async listReviews(filter: { status?: ReviewStatus } = {}): Promise<ReviewItem[]> {
    const docs = await this.models.reviews.find(filter.status === 'decided' ? {} : filter.status ? { status: filter.status } : {}).sort({ createdAt: 1, _id: 1 }).lean();
    // The decision document is the truth; the review's own status is written just after it.
    const decisions = await Promise.all(docs.map((doc) => (doc.status === 'decided' ? Promise.resolve(null) : this.models.decisions.findById(doc._id).lean().exec())));
    const items = await Promise.all(
      docs.map((doc, index) => {
        const decision = decisions[index];
        const merged: ReviewDocument = decision ? { ...doc, status: 'decided', decision: decision.decision, decidedBy: decision.decidedBy, decisionReason: decision.reason, decidedAt: decision.at } : doc;
        return this.toReviewItem(merged);
      }),
    );
    return filter.status ? items.filter((item) => item.status === filter.status) : items;
  }

  /**
   * Decides a review once. 'same-person' joins the member's person and the candidate's, and links the
   * member there with the decision as its reason; 'different-people' only records the decision.
   */
  async decideReview(reviewId: string, input: { decision: ReviewDecision; decidedBy: string; reason: string }): Promise<DecideOutcome> {
    const invalid =
      requiredText(reviewId, 'reviewId') ??
      (input.decision === 'same-person' || input.decision === 'different-people' ? undefined : rejection('decision', 'invalid-decision', "decision must be 'same-person' or 'different-people'.")) ??
      requiredText(input.decidedBy, 'decidedBy') ??
      requiredText(input.reason, 'reason', 2000);
    if (invalid) return invalid;
    await this.ready();
    const review = await this.models.reviews.findById(reviewId).lean();
    if (!review) return rejection('reviewId', 'unknown-review', `No review ${reviewId}.`);
    const at = this.clock();
    try {
      await this.models.decisions.create({ _id: reviewId, decision: input.decision, decidedBy: input.decidedBy, reason: input.reason, at });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const earlier = await this.models.decisions.findById(reviewId).lean();
      return rejection('reviewId', 'already-decided', `Review ${reviewId} was already decided (${earlier?.decision ?? 'unknown'}) by ${earlier?.decidedBy ?? 'someone'}.`);
    }
    // Only the one writer whose decision was inserted updates the review.
    await this.models.reviews.updateOne({ _id: reviewId }, { $set: { status: 'decided', decision: input.decision, decidedBy: input.decidedBy, decisionReason: input.reason, decidedAt: at } });
    const memberRoot = await this.currentRoot(review.memberId, review.personId);
    const candidateRoot = await this.rootOf(review.candidatePersonId);
    await this.appendEvent({
      type: 'reviewed',
      hospital: review.hospital,
      mrn: review.mrn,
      personId: memberRoot,
      otherPersonId: candidateRoot,
      reason: input.reason,
      reasons: review.reasons,
      ...(review.score !== undefined ? { score: review.score } : {}),
      reviewId,
      decision: input.decision,
      by: input.decidedBy,
    });
    let personId = memberRoot;
    if (input.decision === 'same-person') {
      const reason = `review ${reviewId}: same person as ${candidateLabel(review)}, decided by ${input.decidedBy}: ${input.reason}`;
      personId = await this.join(memberRoot, candidateRoot, reason, input.decidedBy);
      const link = await this.relink(review.memberId, review.hospital, review.mrn, { personId, kind: 'linked', reason, reasons: review.reasons, by: input.decidedBy, ...(review.score !== undefined ? { score: review.score } : {}) });
      if (!link.ok) return link;
      await this.appendEvent({ type: 'linked', hospital: review.hospital, mrn: review.mrn, personId, reason, reasons: review.reasons, ...(review.score !== undefined ? { score: review.score } : {}), reviewId, by: input.decidedBy });
    }
    const updated = await this.models.reviews.findById(reviewId).lean();
    return { ok: true, review: await this.toReviewItem(updated ?? review), personId };
  }

  /**
   * Undoes a wrong link: the member gets a person of its own. Its CCCD and BHYT keys stay with the
   * person that claimed them first; the unlinked member keeps its new person on later resolves.
   */
  async unlink(hospital: HospitalCode, mrn: string, input: { by: string; reason: string }): Promise<UnlinkOutcome> {
    const invalid = checkHospital(hospital) ?? requiredText(mrn, 'mrn', 64) ?? requiredText(input.by, 'by') ?? requiredText(input.reason, 'reason', 2000);
    if (invalid) return invalid;
    await this.ready();
    const memberId = memberIdOf(hospital, mrn);
    const current = await this.latestLink(memberId);
    if (!current) return rejection('mrn', 'unknown-patient', `No patient ${mrn.trim()} of ${hospital} is known to identity.`);
    const previousPersonId = await this.rootOf(current.personId);
    const personId = newPersonId();
    const link = await this.relink(memberId, hospital, mrn.trim(), { personId, kind: 'unlinked', reason: `unlinked by ${input.by}: ${input.reason}`, reasons: [input.reason], by: input.by });
    if (!link.ok) return link;
    await this.appendEvent({ type: 'unlinked', hospital, mrn: mrn.trim(), personId, otherPersonId: previousPersonId, reason: input.reason, by: input.by });
    return { ok: true, personId, previousPersonId };
  }

  /**
   * ADT A40: `mergedMrn` is the same patient as `survivingMrn` at this hospital. The merged member
   * (and the person it belonged to) joins the survivor's person, and the member is marked merged.
   * An unknown patient on either side is a rejection value, not a throw.
   */
  async mergeMrn(hospital: HospitalCode, survivingMrn: string, mergedMrn: string, options: { by?: string; reason?: string } = {}): Promise<MergeOutcome> {
    const invalid = checkHospital(hospital) ?? requiredText(survivingMrn, 'survivingMrn', 64) ?? requiredText(mergedMrn, 'mergedMrn', 64);
    if (invalid) return invalid;
    if (survivingMrn.trim() === mergedMrn.trim()) return rejection('mergedMrn', 'same-patient', 'mergedMrn must differ from survivingMrn.');
    await this.ready();
    const by = options.by ?? 'ingestion';
    const [survivor, merged] = await Promise.all([this.latestLink(memberIdOf(hospital, survivingMrn)), this.latestLink(memberIdOf(hospital, mergedMrn))]);
    if (!survivor) return rejection('survivingMrn', 'unknown-patient', `Cannot merge into ${survivingMrn.trim()}: no such patient of ${hospital} is known to identity.`);
    if (!merged) return rejection('mergedMrn', 'unknown-patient', `Cannot merge ${mergedMrn.trim()}: no such patient of ${hospital} is known to identity.`);
    const survivorRoot = await this.rootOf(survivor.personId);
    if (merged.kind === 'merged' && merged.mergedInto === survivingMrn.trim() && (await this.rootOf(merged.personId)) === survivorRoot) {
      return { ok: true, personId: survivorRoot, status: 'already-merged' };
    }
    const reason = `ADT A40: ${hospital} merged ${mergedMrn.trim()} into ${survivingMrn.trim()}${options.reason ? `: ${options.reason}` : ''}`;
    const personId = await this.join(await this.rootOf(merged.personId), survivorRoot, reason, by);
    const link = await this.relink(merged.memberId, hospital, mergedMrn.trim(), { personId, kind: 'merged', reason, reasons: [reason], mergedInto: survivingMrn.trim(), by });
    if (!link.ok) return link;
    await this.appendEvent({ type: 'merged', hospital, mrn: mergedMrn.trim(), personId, reason, by });
    return { ok: true, personId, status: 'merged' };
  }

  /** Everything that happened to one hospital patient's link, oldest first. */
  async linkHistory(hospital: HospitalCode, mrn: string): Promise<LinkEvent[]> {
    const events = await this.models.events.find({ hospital, mrn: mrn.trim() }).sort({ at: 1, _id: 1 }).lean();
    return events.map((event) => toLinkEvent(event));
  }

  /** Everything that happened to a person (any of its joined ids), oldest first. */
  async personHistory(personId: string): Promise<LinkEvent[]> {
    const persons = await this.personTree(await this.rootOf(personId));
    const found = await Promise.all([...persons].flatMap((id) => [this.models.events.find({ personId: id }).lean(), this.models.events.find({ otherPersonId: id }).lean()]));
    const unique = new Map(found.flat().map((event) => [String(event._id), event]));
    return [...unique.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || String(a._id).localeCompare(String(b._id))).map((event) => toLinkEvent(event));
  }

  // --- resolving -------------------------------------------------------------------------------

  private async decide(hospital: HospitalCode, memberId: string, facts: PatientFacts, features: PatientFeatures, keys: readonly IdentityKey[], roots: Map<string, string>): Promise<Decision> {
    const [keyDocs, evaluations] = await Promise.all([Promise.all(keys.map((key) => this.models.keys.findOne({ key: key.key }).lean())), this.evaluateCandidates(features, memberId, roots)]);
    const owners: Array<{ key: IdentityKey; doc: KeyDocument; evaluation: Evaluation }> = [];
    for (const [index, doc] of keyDocs.entries()) {
      const key = keys[index];
      if (!doc || !key) continue;
      const root = await this.rootOf(doc.personId, roots);
      owners.push({ key, doc, evaluation: { root, hospital: doc.hospital, mrn: doc.mrn, result: compareFeatures(patientFeatures(doc.facts), features) } });
    }
    const primary = owners[0];
    if (primary) {
      // The identifier decides the person; the matcher only checks that the rest does not contradict it.
      const ofPerson = [...evaluations.filter((each) => each.root === primary.evaluation.root), ...owners.filter((owner) => owner.evaluation.root === primary.evaluation.root).map((owner) => owner.evaluation)];
      const best = bestPerPerson(ofPerson)[0] ?? primary.evaluation;
      const reviews = owners
        .filter((owner) => owner.evaluation.root !== primary.evaluation.root)
        .map((owner) => ({ candidatePersonId: owner.evaluation.root, hospital: owner.doc.hospital, mrn: owner.doc.mrn, reasons: [`${owner.key.label} belongs to another person`, ...owner.evaluation.result.reasons], score: owner.evaluation.result.score, cause: owner.key.key }));
      if (best.result.decision === 'match') return { kind: 'key', personId: primary.evaluation.root, evaluation: best, reviews };
      return { kind: 'review', evaluation: best, reviews: [{ candidatePersonId: best.root, hospital: best.hospital, mrn: best.mrn, reasons: best.result.reasons, score: best.result.score, cause: primary.key.key }, ...reviews] };
    }
    const [top, second] = bestPerPerson(evaluations);
    if (top?.result.decision === 'match') {
      const reviews = second?.result.decision === 'match' ? [{ candidatePersonId: second.root, hospital: second.hospital, mrn: second.mrn, reasons: ['also matches another person', ...second.result.reasons], score: second.result.score, cause: 'second-match' }] : [];
      return { kind: 'match', personId: top.root, evaluation: top, reviews };
    }
    if (top?.result.decision === 'review') {
      return { kind: 'review', evaluation: top, reviews: [{ candidatePersonId: top.root, hospital: top.hospital, mrn: top.mrn, reasons: top.result.reasons, score: top.result.score, cause: 'possible-match' }] };
    }
    return { kind: 'new', reviews: [] };
  }

  /** Members filed under this record's blocking keys, with their person and the matcher's verdict. */
  private async evaluateCandidates(features: PatientFeatures, memberId: string, roots: Map<string, string>): Promise<Evaluation[]> {
    const blocks = queryBlockingKeys(features);
    const found = await Promise.all(blocks.map((block) => this.models.members.find({ blocks: block }).limit(this.maxCandidates).lean()));
    const members = new Map<string, MemberDocument>();
    for (const member of found.flat()) if (member._id !== memberId && members.size < this.maxCandidates) members.set(member._id, member);
    const evaluations = await Promise.all(
      [...members.values()].map(async (member): Promise<Evaluation | undefined> => {
        const link = await this.latestLink(member._id);
        // A member without a link is one whose resolve is still running or stopped early.
        if (!link) return undefined;
        return { root: await this.rootOf(link.personId, roots), hospital: member.hospital, mrn: member.mrn, result: compareFeatures(patientFeatures(member.facts), features) };
      }),
    );
    return evaluations.filter((each): each is Evaluation => each !== undefined);
  }

  /**
   * Claims a deterministic key for the person. If another person holds it: 'join' joins the two
   * when the claimant's facts match (our person was created by this very resolve, so this is a
   * parallel ingestion of the same person); 'review' asks a person to look; 'ignore' leaves it (a
   * member a person already unlinked). Returns a reason when it joined.
   */
  private async claimKey(key: IdentityKey, personId: string, hospital: HospitalCode, mrn: string, facts: PatientFacts, onConflict: 'join' | 'review' | 'ignore', by: string, roots: Map<string, string>): Promise<string | undefined> {
    try {
      await this.models.keys.create({ key: key.key, personId, hospital, mrn, facts, at: this.clock() });
      return undefined;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const owner = await this.models.keys.findOne({ key: key.key }).lean();
    if (!owner) return undefined;
    roots.clear();
    const [ownerRoot, ourRoot] = await Promise.all([this.rootOf(owner.personId, roots), this.rootOf(personId, roots)]);
    if (ownerRoot === ourRoot || onConflict === 'ignore') return undefined;
    const result = compareFeatures(patientFeatures(owner.facts), patientFeatures(facts));
    if (onConflict === 'join' && result.decision === 'match') {
      const reason = `same ${key.label} as ${owner.hospital}/${owner.mrn}, registered in parallel`;
      await this.join(ourRoot, ownerRoot, `${reason}: ${result.reasons.join('; ')}`, by);
      return reason;
    }
    await this.openReview(memberIdOf(hospital, mrn), hospital, mrn, personId, { candidatePersonId: ownerRoot, hospital: owner.hospital, mrn: owner.mrn, reasons: [`${key.label} belongs to another person`, ...result.reasons], score: result.score, cause: key.key }, by);
    return undefined;
  }

  /** After filing a new person's member: a parallel record of the same person filed meanwhile is joined. */
  private async joinParallelMatch(memberId: string, hospital: HospitalCode, features: PatientFeatures, personId: string, by: string, roots: Map<string, string>): Promise<string | undefined> {
    roots.clear();
    const ourRoot = await this.rootOf(personId, roots);
    const match = bestPerPerson(await this.evaluateCandidates(features, memberId, roots)).find((each) => each.root !== ourRoot && each.result.decision === 'match');
    if (!match) return undefined;
    const reason = `matched ${match.hospital}/${match.mrn}, registered in parallel`;
    await this.join(ourRoot, match.root, `${reason}: ${match.result.reasons.join('; ')}`, by);
    return reason;
  }

  private async refreshExisting(hospital: HospitalCode, mrn: string, facts: PatientFacts, features: PatientFeatures, keys: readonly IdentityKey[], current: LinkDocument, by: string, roots: Map<string, string>): Promise<ResolveSuccess> {
    await this.saveMember(hospital, mrn, facts, features);
    const root = await this.rootOf(current.personId, roots);
    // A key this patient now shows that belongs to another person needs a look, unless a person
    // already separated this patient from the others.
    for (const key of keys) await this.claimKey(key, root, hospital, mrn, facts, current.kind === 'unlinked' ? 'ignore' : 'review', by, roots);
    return { ok: true, personId: await this.rootOf(current.personId), status: 'existing', reasons: [`already known: ${current.reason}`], ...(current.score !== undefined ? { score: current.score } : {}) };
  }

  private async saveMember(hospital: HospitalCode, mrn: string, facts: PatientFacts, features: PatientFeatures): Promise<void> {
    await this.models.members.updateOne({ _id: memberIdOf(hospital, mrn) }, { $set: { hospital, mrn, facts, blocks: memberBlockingKeys(features) } }, { upsert: true });
  }

  private async openReview(memberId: string, hospital: HospitalCode, mrn: string, personId: string, proposal: ReviewProposal, by: string): Promise<void> {
    // One review per member, candidate and cause, however often the record comes again.
    const id = createHash('sha256').update(`${memberId}|${proposal.candidatePersonId}|${proposal.cause}`).digest('hex').slice(0, 24);
    try {
      await this.models.reviews.create({
        _id: id,
        memberId,
        hospital,
        mrn,
        personId,
        candidatePersonId: proposal.candidatePersonId,
        ...(proposal.hospital ? { candidateHospital: proposal.hospital } : {}),
        ...(proposal.mrn ? { candidateMrn: proposal.mrn } : {}),
        ...(proposal.score !== undefined ? { score: proposal.score } : {}),
        reasons: proposal.reasons,
        status: 'open',
        createdAt: this.clock(),
      });
    } catch (error) {
      if (isDuplicateKey(error)) return;
      throw error;
    }
    await this.appendEvent({ type: 'reviewed', hospital, mrn, personId, otherPersonId: proposal.candidatePersonId, reason: 'review opened', reasons: proposal.reasons, ...(proposal.score !== undefined ? { score: proposal.score } : {}), reviewId: id, by });
  }

  // --- links and persons -------------------------------------------------------------------------

  private latestLink(memberId: string): Promise<LinkDocument | null> {
    return this.models.links.findOne({ memberId }).sort({ version: -1 }).lean<LinkDocument>().exec();
  }

  private linkDocument(memberId: string, hospital: HospitalCode, mrn: string, version: number, fields: Pick<LinkDocument, 'personId' | 'kind' | 'reason' | 'reasons' | 'by'> & Partial<Pick<LinkDocument, 'score' | 'mergedInto'>>): LinkDocument {
    return { _id: `${memberId}#${version}`, memberId, hospital, mrn, version, ...fields, at: this.clock() };
  }

  /** Inserts a link version; false when that version of this member exists already. */
  private async insertLink(link: LinkDocument): Promise<boolean> {
    try {
      await this.models.links.create(link);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Links a member anew by inserting the next version; a concurrent relink makes it read and retry. */
  private async relink(
    memberId: string,
    hospital: HospitalCode,
    mrn: string,
    fields: Pick<LinkDocument, 'personId' | 'kind' | 'reason' | 'reasons' | 'by'> & Partial<Pick<LinkDocument, 'score' | 'mergedInto'>>,
  ): Promise<{ ok: true; link: LinkDocument } | IdentityRejection> {
    for (let attempt = 0; attempt < RELINK_ATTEMPTS; attempt++) {
      const current = await this.latestLink(memberId);
      const link = this.linkDocument(memberId, hospital, mrn, (current?.version ?? 0) + 1, fields);
      if (await this.insertLink(link)) return { ok: true, link };
    }
    return rejection('mrn', 'link-contended', `The link of ${hospital}/${mrn} kept changing under concurrent updates; try again.`);
  }

  /** Follows join pointers to the person a person id stands for now. */
  private async rootOf(personId: string, cache: Map<string, string> = new Map()): Promise<string> {
    const visited: string[] = [];
    let current = personId;
    for (let hop = 0; hop < MAX_JOIN_HOPS; hop++) {
      const known = cache.get(current);
      if (known !== undefined) {
        current = known;
        break;
      }
      const join = await this.models.joins.findById(current).lean();
      if (!join) break;
      visited.push(current);
      current = join.into;
    }
    for (const id of [personId, ...visited]) cache.set(id, current);
    return current;
  }

  /** The root and every person joined into it, transitively. */
  private async personTree(root: string): Promise<Set<string>> {
    const persons = new Set([root]);
    let frontier = [root];
    while (frontier.length) {
      const children = (await Promise.all(frontier.map((id) => this.models.joins.find({ into: id }).lean()))).flat().map((join) => join._id);
      frontier = children.filter((id) => !persons.has(id));
      for (const id of frontier) persons.add(id);
    }
    return persons;
  }

  /**
   * Joins two persons: the root with the larger id gets the smaller as parent, by inserting its one
   * parent pointer. Two joiners racing on one root: one insert wins, the other re-reads and retries.
   */
  private async join(a: string, b: string, reason: string, by: string): Promise<string> {
    for (let attempt = 0; attempt < MAX_JOIN_HOPS; attempt++) {
      const [rootA, rootB] = await Promise.all([this.rootOf(a), this.rootOf(b)]);
      if (rootA === rootB) return rootA;
      const [child, parent] = rootA < rootB ? [rootB, rootA] : [rootA, rootB];
      try {
        await this.models.joins.create({ _id: child, into: parent, reason, by, at: this.clock() });
      } catch (error) {
        if (isDuplicateKey(error)) continue;
        throw error;
      }
      await this.appendEvent({ type: 'persons-joined', personId: child, otherPersonId: parent, reason, by });
      return parent;
    }
    throw new Error(`could not join persons ${a} and ${b}: too many concurrent joins`);
  }

  private async currentRoot(memberId: string, fallbackPersonId: string): Promise<string> {
    const link = await this.latestLink(memberId);
    return this.rootOf(link?.personId ?? fallbackPersonId);
  }

  private async appendEvent(event: Omit<LinkEventDocument, 'at'>): Promise<void> {
    await this.models.events.create({ ...event, at: this.clock() });
  }

  private toPersonLink(link: LinkDocument, root: string): PersonLink {
    return {
      personId: root,
      hospital: link.hospital,
      mrn: link.mrn,
      status: link.kind === 'merged' ? 'merged' : 'active',
      ...(link.mergedInto ? { mergedInto: link.mergedInto } : {}),
      kind: link.kind,
      reason: link.reason,
      reasons: link.reasons,
      ...(link.score !== undefined ? { score: link.score } : {}),
      linkedAt: link.at,
      linkedBy: link.by,
    };
  }

  private async toReviewItem(doc: ReviewDocument): Promise<ReviewItem> {
    const [personId, candidatePersonId] = await Promise.all([this.currentRoot(doc.memberId, doc.personId), this.rootOf(doc.candidatePersonId)]);
    return {
      id: doc._id,
      hospital: doc.hospital,
      mrn: doc.mrn,
      personId,
      candidatePersonId,
      ...(doc.candidateHospital && doc.candidateMrn ? { candidate: { hospital: doc.candidateHospital, mrn: doc.candidateMrn } } : {}),
      ...(doc.score !== undefined ? { score: doc.score } : {}),
      reasons: doc.reasons,
      status: doc.status,
      ...(doc.decision ? { decision: doc.decision } : {}),
      ...(doc.decidedBy ? { decidedBy: doc.decidedBy } : {}),
      ...(doc.decisionReason ? { decisionReason: doc.decisionReason } : {}),
      ...(doc.decidedAt ? { decidedAt: doc.decidedAt } : {}),
      createdAt: doc.createdAt,
    };
  }
}

function candidateLabel(review: ReviewDocument): string {
  return review.candidateHospital && review.candidateMrn ? `${review.candidateHospital}/${review.candidateMrn}` : `person ${review.candidatePersonId}`;
}

function toLinkEvent(event: LinkEventDocument): LinkEvent {
  const { type, hospital, mrn, personId, otherPersonId, reason, reasons, score, reviewId, decision, by, at } = event;
  return {
    type,
    ...(hospital ? { hospital } : {}),
    ...(mrn ? { mrn } : {}),
    personId,
    ...(otherPersonId ? { otherPersonId } : {}),
    reason,
    ...(reasons ? { reasons } : {}),
    ...(score !== undefined ? { score } : {}),
    ...(reviewId ? { reviewId } : {}),
    ...(decision ? { decision } : {}),
    by,
    at,
  };
}
