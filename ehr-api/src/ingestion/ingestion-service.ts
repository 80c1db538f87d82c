import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  FhirResource,
  OperationOutcome,
  Patient,
  Person,
} from 'fhir/r4.js';
import { HttpError } from '../errors/http-error.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import type { Logger } from '../logger.js';
import type {
  HospitalCode,
  HospitalRecord,
  ParseOutcome,
  PatientFacts,
  RecordIssue,
  SourceFormat,
} from './model.js';
import type {
  IngestionJob,
  IngestionModels,
  IngestionRecord,
  RecordState,
  StateCounts,
} from './models.js';
import {
  NormaliseError,
  normaliseRecord,
  patientResourceId,
  resourceId,
  type NormalisedRecord,
} from './normalise/to-fhir.js';

/** What ingestion needs from patient identity (ehr-api/src/identity), kept narrow so each side can change. */
export interface IdentityResolver {
  resolve(
    hospital: HospitalCode,
    facts: PatientFacts,
    options?: { by?: string },
  ): Promise<
    | { ok: true; personId: string; status: string; reasons: string[]; score?: number }
    | IdentityRefusal
  >;
  membersOf(personId: string): Promise<
    Array<{
      hospital: HospitalCode;
      mrn: string;
      kind?: string;
      reasons?: string[];
      status?: string;
    }>
  >;
  mergeMrn(
    hospital: HospitalCode,
    survivingMrn: string,
    mergedMrn: string,
    options?: { by?: string; reason?: string },
  ): Promise<{ ok: true; personId: string } | IdentityRefusal>;
}

interface IdentityRefusal {
  ok: false;
  code: string;
  field: string;
  message: string;
}

export interface JobProgress {
  processed: number;
  counts: StateCounts;
}

export interface IngestOptions {
  hospital: HospitalCode;
  format: SourceFormat;
  source: string;
  createdBy: string;
  onProgress?: (progress: JobProgress) => void;
}

export interface JobSummary {
  job: IngestionJob;
  counts: StateCounts;
}

/** Raised when the job cannot go on (HAPI or MongoDB down): the records stored so far keep their states. */
export class JobStoppedError extends Error {}

interface Pending {
  sequence: number;
  record: HospitalRecord;
  raw: string;
  warnings: RecordIssue[];
  normalised: NormalisedRecord;
  personId?: string;
  identityStatus?: string;
}

const NO_CHANGE = 'SUCCESSFUL_UPDATE_NO_CHANGE';

function outcomeOf(issues: RecordIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((issue) => ({
      severity: issue.severity,
      code: issue.code === 'encoding' ? 'structure' : 'invalid',
      details: {
        coding: [
          { system: 'https://fhir.quangninh.gov.vn/CodeSystem/ingestion-issue', code: issue.code },
        ],
        text: issue.message,
      },
      expression: [issue.location],
      diagnostics: `${issue.location}: ${issue.message}`,
    })),
  };
}

/** HAPI's answer to a refused write, as an OperationOutcome we can store with the record. */
function outcomeOfHapi(error: HttpError): OperationOutcome {
  if (error.outcome) return error.outcome;
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'processing', diagnostics: error.message }],
  };
}

function isRefusal(error: unknown): error is HttpError {
  return (
    error instanceof HttpError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/**
 * How sure a Person link is (FHIR Person.link.assurance): the person's first record, an A40 merge
 * and a match on CCCD or BHYT are certain (level4); a probabilistic match is level3; a record still
 * waiting in the review queue is level2.
 */
function assuranceOf(member: {
  kind?: string;
  reasons?: string[];
}): 'level2' | 'level3' | 'level4' {
  if (member.kind === 'review') return 'level2';
  if (
    member.kind === 'new' ||
    member.kind === 'merged' ||
    member.reasons?.some((reason) => /CCCD|BHYT/i.test(reason))
  )
    return 'level4';
  return 'level3';
}

function personResourceId(personId: string): string {
  return `person-${personId.replace(/[^A-Za-z0-9.-]/g, '-')}`.slice(0, 64);
}

/**
 * Runs ingestion jobs: adapter outcomes → normalised FHIR → identity → transaction bundles into
 * HAPI. Every record ends in exactly one state (one insert per record with a unique key); one bad
 * record never stops the rest: a refused batch is retried record by record to find it.
 */
export class IngestionService {
  constructor(
    private readonly models: IngestionModels,
    private readonly fhir: FhirStore,
    private readonly identity: IdentityResolver,
    private readonly logger: Logger,
    private readonly options: { batchSize: number } = { batchSize: 25 },
  ) {}

  async ready(): Promise<void> {
    await Promise.all([this.models.jobs.createIndexes(), this.models.records.createIndexes()]);
  }

  async startJob(options: Omit<IngestOptions, 'onProgress'>): Promise<IngestionJob> {
    const job: IngestionJob = {
      _id: randomUUID(),
      hospital: options.hospital,
      format: options.format,
      source: options.source,
      status: 'running',
      createdBy: options.createdBy,
      startedAt: new Date(),
    };
    await this.models.jobs.create(job);
    return job;
  }

  /** Ingests every outcome an adapter yields, in order, as one job. */
  async ingest(outcomes: Iterable<ParseOutcome>, options: IngestOptions): Promise<JobSummary> {
    const job = await this.startJob(options);
    const counts: StateCounts = { received: 0, loaded: 0, merged: 0, rejected: 0 };
    try {
      let sequence = 0;
      let batch: Pending[] = [];
      let batchIds = new Set<string>();
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const states = await this.loadBatch(job, batch);
        for (const state of states) counts[state] += 1;
        batch = [];
        batchIds = new Set();
        options.onProgress?.({
          processed: counts.loaded + counts.merged + counts.rejected,
          counts: { ...counts },
        });
      };
      // Records are prepared (parsed facts checked, identity resolved, existence looked up) a
      // window at a time, in parallel across patients and in order within one patient; they then
      // join the batch in file order.
      let window: Array<{ sequence: number; outcome: ParseOutcome }> = [];
      const processWindow = async (): Promise<void> => {
        const items = window;
        window = [];
        const known = new Set(batchIds);
        const prepared: Array<Pending | 'rejected' | 'merged'> = new Array<
          Pending | 'rejected' | 'merged'
        >(items.length);
        const groups = new Map<string, number[]>();
        // A merge touches two patients: a window holding one is prepared strictly in order.
        const sequential = items.some(
          (item) => item.outcome.ok && item.outcome.record.event === 'merge',
        );
        items.forEach((item, index) => {
          const key = sequential
            ? 'all'
            : item.outcome.ok
              ? `${item.outcome.record.patient.mrn}`
              : `#${item.sequence}`;
          groups.set(key, [...(groups.get(key) ?? []), index]);
        });
        await Promise.all(
          [...groups.values()].map(async (indexes) => {
            for (const index of indexes) {
              const item = items[index] as { sequence: number; outcome: ParseOutcome };
              const result = await this.prepare(job, item.sequence, item.outcome, known);
              prepared[index] = result;
              if (typeof result === 'object')
                for (const resource of result.normalised.resources)
                  known.add(`${resource.resourceType}/${resource.id}`);
            }
          }),
        );
        for (const pending of prepared) {
          if (pending === 'rejected' || pending === 'merged') {
            counts[pending] += 1;
            options.onProgress?.({
              processed: counts.loaded + counts.merged + counts.rejected,
              counts: { ...counts },
            });
            continue;
          }
          batch.push(pending);
          for (const resource of pending.normalised.resources)
            batchIds.add(`${resource.resourceType}/${resource.id}`);
          if (batch.length >= this.options.batchSize) await flush();
        }
      };
      for (const outcome of outcomes) {
        sequence += 1;
        counts.received += 1;
        window.push({ sequence, outcome });
        if (window.length >= this.options.batchSize) await processWindow();
      }
      await processWindow();
      await flush();
      const finished = { status: 'finished' as const, finishedAt: new Date(), counts };
      await this.models.jobs.updateOne({ _id: job._id }, { $set: finished });
      return { job: { ...job, ...finished }, counts };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.models.jobs
        .updateOne(
          { _id: job._id },
          { $set: { status: 'failed', error: message, finishedAt: new Date(), counts } },
        )
        .catch(() => undefined);
      throw new JobStoppedError(
        `Ingestion job ${job._id} stopped after ${counts.loaded + counts.merged + counts.rejected} of the records read: ${message}. Records already stored keep their state; running the same file again is safe.`,
      );
    }
  }

  private messageCounter = 0;

  /**
   * One message received over MLLP, into a long-running job of the listener: its final state, so
   * the sender gets AA (loaded or merged), AE (rejected: do not resend as is) or, when storage is
   * down, an exception the listener answers with AR so the sender retries.
   */
  async ingestMessage(job: IngestionJob, outcome: ParseOutcome): Promise<RecordState> {
    // Unique within the job (one listener per instance): milliseconds, then a counter for the same millisecond.
    const sequence = Date.now() * 1000 + (this.messageCounter++ % 1000);
    const pending = await this.prepare(job, sequence, outcome);
    if (pending === 'rejected' || pending === 'merged') return pending;
    const [state] = await this.loadBatch(job, [pending]);
    return state ?? 'rejected';
  }

  /** Parses, normalises and resolves identity; rejected and merge records are finished here. */
  private async prepare(
    job: IngestionJob,
    sequence: number,
    outcome: ParseOutcome,
    inBatch: ReadonlySet<string> = new Set(),
  ): Promise<Pending | 'rejected' | 'merged'> {
    if (!outcome.ok) {
      await this.store(job, sequence, outcome.sourceRecordId, 'rejected', {
        outcome: outcomeOf(outcome.issues),
        raw: outcome.raw,
      });
      return 'rejected';
    }
    const { record, raw, warnings } = outcome;
    const nulAt = nulPath(record, 'record');
    if (nulAt) {
      // A parsed value with U+0000 would fail in the identity index and the store, stopping the job.
      await this.store(job, sequence, record.sourceRecordId, 'rejected', {
        outcome: outcomeOf([
          {
            severity: 'error',
            location: nulAt,
            code: 'control-character',
            message: `${nulAt} holds the NUL character (U+0000), which no field of a record may hold: fix the export and send the record again.`,
          },
        ]),
        raw,
        warnings,
      });
      return 'rejected';
    }
    if (record.event === 'merge') return this.merge(job, sequence, record, raw, warnings);
    let writePatient = true;
    let writeEncounter = true;
    if (record.event === 'results') {
      // A results message carries a thin copy of the registration and the visit: it must not overwrite them.
      // The registration or visit may still be waiting in the current batch: that counts as known.
      const patientKey = `Patient/${patientResourceId(record.hospital, record.patient.mrn)}`;
      writePatient = !inBatch.has(patientKey) && !(await this.exists(patientKey));
      const encounterKey = record.encounter
        ? `Encounter/${resourceId(record.hospital, 'enc', record.encounter.visitId)}`
        : undefined;
      writeEncounter =
        encounterKey !== undefined &&
        !inBatch.has(encounterKey) &&
        !(await this.exists(encounterKey));
    }
    let normalised: NormalisedRecord;
    try {
      normalised = normaliseRecord(record, { jobId: job._id, writePatient, writeEncounter });
    } catch (error) {
      if (!(error instanceof NormaliseError)) throw error;
      await this.store(job, sequence, record.sourceRecordId, 'rejected', {
        outcome: outcomeOf(error.issues),
        raw,
        warnings,
      });
      return 'rejected';
    }
    const pending: Pending = { sequence, record, raw, warnings, normalised };
    if (writePatient) {
      const identity = await this.identity.resolve(record.hospital, record.patient, {
        by: `ingestion:${job._id}`,
      });
      if (!identity.ok) {
        await this.store(job, sequence, record.sourceRecordId, 'rejected', {
          outcome: outcomeOf([
            {
              severity: 'error',
              location: `patient.${identity.field}`,
              code: identity.code,
              message: identity.message,
            },
          ]),
          raw,
          warnings,
        });
        return 'rejected';
      }
      pending.personId = identity.personId;
      pending.identityStatus = identity.status;
    }
    return pending;
  }

  private async merge(
    job: IngestionJob,
    sequence: number,
    record: HospitalRecord,
    raw: string,
    warnings: RecordIssue[],
  ): Promise<'rejected' | 'merged'> {
    const reject = (issue: RecordIssue): Promise<'rejected'> =>
      this.store(job, sequence, record.sourceRecordId, 'rejected', {
        outcome: outcomeOf([issue]),
        raw,
        warnings,
      }).then(() => 'rejected' as const);
    const mergedMrn = record.mergedMrn;
    if (!mergedMrn)
      return reject({
        severity: 'error',
        location: 'MRG-1',
        code: 'merge-without-source',
        message: 'A merge needs the patient number being merged (MRG-1).',
      });
    const mergedId = patientResourceId(record.hospital, mergedMrn);
    const survivorId = patientResourceId(record.hospital, record.patient.mrn);
    const [merged, survivor] = await Promise.all([
      this.readPatient(mergedId),
      this.readPatient(survivorId),
    ]);
    if (!merged)
      return reject({
        severity: 'error',
        location: 'MRG-1',
        code: 'merge-unknown-patient',
        message: `Patient number ${mergedMrn} is not known at this hospital, so it cannot be merged into ${record.patient.mrn}. Send its registration first.`,
      });
    if (!survivor)
      return reject({
        severity: 'error',
        location: 'PID-3',
        code: 'merge-unknown-patient',
        message: `Patient number ${record.patient.mrn} (the one to keep) is not known at this hospital. Send its registration first.`,
      });
    const linked = await this.identity.mergeMrn(record.hospital, record.patient.mrn, mergedMrn, {
      by: `ingestion:${job._id}`,
      reason: `ADT A40 ${record.sourceRecordId}`,
    });
    if (!linked.ok)
      return reject({
        severity: 'error',
        location: 'MRG-1',
        code: linked.code,
        message: linked.message,
      });
    const replaced: Patient = {
      ...merged,
      active: false,
      link: [{ other: { reference: `Patient/${survivorId}` }, type: 'replaced-by' }],
    };
    delete replaced.meta?.versionId;
    delete replaced.meta?.lastUpdated;
    await this.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [this.put(replaced as Patient & { id: string })],
    });
    await this.publishPersons([linked.personId]);
    await this.store(job, sequence, record.sourceRecordId, 'merged', {
      patientId: survivorId,
      personId: linked.personId,
      warnings,
    });
    return 'merged';
  }

  private async loadBatch(job: IngestionJob, batch: Pending[]): Promise<RecordState[]> {
    // A transaction may hold each resource once. Two records of one batch about the same patient
    // (a registration then an update, two visits) both PUT the Patient: the later one is what a
    // sequential load would leave, so it is the one sent. The batch's persons go in the same bundle.
    const resources = new Map<string, FhirResource & { id: string }>();
    for (const pending of batch)
      for (const resource of pending.normalised.resources)
        resources.set(`${resource.resourceType}/${resource.id}`, resource);
    const persons = [
      ...new Set(batch.flatMap((pending) => (pending.personId ? [pending.personId] : []))),
    ];
    for (const person of await this.personResources(persons))
      resources.set(`Person/${person.id}`, person);
    const keys = [...resources.keys()];
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: keys.map((key) => this.put(resources.get(key) as FhirResource & { id: string })),
    };
    let response: Bundle | undefined;
    try {
      response = await this.transaction(bundle);
    } catch (error) {
      if (!isRefusal(error) || batch.length === 1) {
        if (isRefusal(error)) {
          const only = batch[0] as Pending;
          await this.store(job, only.sequence, only.record.sourceRecordId, 'rejected', {
            outcome: outcomeOfHapi(error),
            raw: only.raw,
            warnings: only.warnings,
          });
          return ['rejected'];
        }
        throw error;
      }
      // One record of the batch was refused: load them one by one so only that one is rejected.
      const states: RecordState[] = [];
      for (const pending of batch) states.push(...(await this.loadBatch(job, [pending])));
      return states;
    }
    const responses = new Map<string, BundleEntry>();
    (response.entry ?? []).forEach((entry, index) => responses.set(keys[index] ?? '', entry));
    const states: RecordState[] = [];
    for (const pending of batch) {
      // Provenance names the latest job, so it changes on every run; the record's own resources decide.
      const changed = pending.normalised.resources.some(
        (resource) =>
          resource.resourceType !== 'Provenance' &&
          !this.unchanged(responses.get(`${resource.resourceType}/${resource.id}`)),
      );
      const state: RecordState = changed ? 'loaded' : 'merged';
      await this.store(job, pending.sequence, pending.record.sourceRecordId, state, {
        patientId: pending.normalised.patientId,
        ...(pending.personId
          ? { personId: pending.personId, identityStatus: pending.identityStatus }
          : {}),
        resourceCount: pending.normalised.resources.length,
        warnings: pending.warnings,
      });
      states.push(state);
    }
    return states;
  }

  /**
   * Two jobs creating the same new resource at once (the same file twice in parallel) make HAPI
   * answer 409 to the loser: its write is then an update of what the winner wrote, so try again.
   */
  private async transaction(bundle: Bundle): Promise<Bundle> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.fhir.transaction(bundle);
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 409) || attempt >= 4) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }

  private unchanged(entry: BundleEntry | undefined): boolean {
    const outcome = entry?.response?.outcome as OperationOutcome | undefined;
    return (
      outcome?.issue?.some((issue) =>
        issue.details?.coding?.some((coding) => coding.code === NO_CHANGE),
      ) ?? false
    );
  }

  /** One FHIR Person per linked person, listing the hospital Patients it links and how sure the link is. */
  private async personResources(personIds: string[]): Promise<Array<Person & { id: string }>> {
    const persons = await Promise.all(
      personIds.map(async (personId): Promise<(Person & { id: string }) | undefined> => {
        // Members merged away by ADT A40 stay linked: their visits and results still point at them.
        const members = await this.identity.membersOf(personId);
        if (members.length === 0) return undefined;
        return {
          resourceType: 'Person',
          id: personResourceId(personId),
          active: true,
          link: members.map((member) => ({
            target: { reference: `Patient/${patientResourceId(member.hospital, member.mrn)}` },
            assurance: assuranceOf(member),
          })),
        };
      }),
    );
    return persons.filter((person): person is Person & { id: string } => person !== undefined);
  }

  /** Republishes persons after a link changed outside ingestion (a review decision, an unlink, a merge). */
  async publishPersons(personIds: string[]): Promise<void> {
    const persons = await this.personResources(personIds);
    if (persons.length > 0)
      await this.transaction({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: persons.map((person) => this.put(person)),
      });
  }

  private put(resource: FhirResource & { id: string }): BundleEntry {
    return {
      fullUrl: `${resource.resourceType}/${resource.id}`,
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    };
  }

  private async readPatient(id: string): Promise<(Patient & { id: string }) | undefined> {
    try {
      return (await this.fhir.read<Patient>('Patient', id)) as Patient & { id: string };
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 410))
        return undefined;
      throw error;
    }
  }

  private async exists(key: string): Promise<boolean> {
    const [resourceType, id] = key.split('/') as ['Patient' | 'Encounter', string];
    try {
      await this.fhir.read(resourceType, id);
      return true;
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 410))
        return false;
      throw error;
    }
  }

  private async store(
    job: IngestionJob,
    sequence: number,
    sourceRecordId: string,
    state: RecordState,
    details: Partial<IngestionRecord>,
  ): Promise<void> {
    const record: IngestionRecord = {
      jobId: job._id,
      sequence,
      hospital: job.hospital,
      format: job.format,
      sourceRecordId: sourceRecordId || `#${sequence}`,
      state,
      at: new Date(),
      ...details,
    };
    if (record.warnings?.length === 0) delete record.warnings;
    await this.models.records.create(withoutNul(record));
  }

  async listJobs(
    filter: { hospital?: HospitalCode; limit?: number } = {},
  ): Promise<IngestionJob[]> {
    return this.models.jobs
      .find(filter.hospital ? { hospital: filter.hospital } : {})
      .sort({ startedAt: -1 })
      .limit(filter.limit ?? 50)
      .lean<IngestionJob[]>();
  }

  async getJob(jobId: string): Promise<JobSummary | undefined> {
    const job = await this.models.jobs.findById(jobId).lean<IngestionJob>();
    if (!job) return undefined;
    // Counted from the records themselves, so a running job (or MLLP) shows live figures.
    const grouped = await this.models.records.aggregate<{ _id: RecordState; n: number }>([
      { $match: { jobId } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    const counts: StateCounts = { received: 0, loaded: 0, merged: 0, rejected: 0 };
    for (const group of grouped) {
      counts[group._id] = group.n;
      counts.received += group.n;
    }
    return { job, counts };
  }

  async rejectedRecords(
    jobId: string,
    page: { offset: number; limit: number },
  ): Promise<IngestionRecord[]> {
    return this.models.records
      .find({ jobId, state: 'rejected' })
      .sort({ sequence: 1 })
      .skip(page.offset)
      .limit(page.limit)
      .lean<IngestionRecord[]>();
  }
}

/**
 * The record with every U+0000 in its strings shown as U+2400 (␀). A rejected file may hold NUL
 * bytes (binary sent as text, a truncated export), and FerretDB's PostgreSQL store refuses any
 * string with one, which would stop the whole job instead of rejecting the one record.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\u2400') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNul(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutNul(item as unknown)]),
    ) as T;
  }
  return value;
}

/** The path of the first string holding U+0000 in a parsed record, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
