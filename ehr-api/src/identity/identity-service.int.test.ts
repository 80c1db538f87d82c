import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import type { Gender, HospitalCode, PatientFacts } from '../ingestion/model.js';
import { isolatedMongoUri } from '../test-support/stack-env.js';
import { generateLabelledPairs } from './evaluation/generator.js';
import { IdentityService, type ResolveOutcome, type ResolveSuccess } from './identity-service.js';

/**
 * The identity resolver against the real FerretDB: links with their reasons, reviews, unlinking,
 * A40 merges, and parallel ingestion of the same people at three hospitals converging on one
 * person each, although FerretDB has no transactions and loses concurrent updates.
 */
const GENERAL: HospitalCode = 'bvdk-tinh-quang-ninh';
const CHILDREN: HospitalCode = 'bv-san-nhi-quang-ninh';
const BAI_CHAY: HospitalCode = 'bv-bai-chay';

let run = 0;
/** Patient numbers and identifiers unique to each test, so tests cannot meet each other's patients. */
function unique(): { mrn: (prefix: string) => string; cccd: string; sin: string } {
  run++;
  const tag = String(run).padStart(3, '0');
  const stamp = String(Date.now() % 1_000_000).padStart(6, '0');
  return { mrn: (prefix) => `${prefix}${tag}${stamp}`, cccd: `022${tag}${stamp}`, sin: `22${tag}0${stamp.slice(0, 4)}` };
}

function ok(outcome: ResolveOutcome): ResolveSuccess {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code} on ${outcome.field}: ${outcome.message}`);
  return outcome;
}

function lan(overrides: Partial<PatientFacts> = {}): PatientFacts {
  return {
    mrn: 'unset',
    fullName: 'Nguyễn Thị Lan',
    gender: 'female',
    birthDate: '1948-03-07',
    phone: '0912 345 678',
    address: { text: 'Tổ 3, khu 5, phường Bãi Cháy, TP Hạ Long, Quảng Ninh' },
    ...overrides,
  };
}

describe('IdentityService against FerretDB', () => {
  let connection: Connection;
  let identity: IdentityService;

  beforeAll(async () => {
    connection = await mongoose.createConnection(isolatedMongoUri('identity'), { serverSelectionTimeoutMS: 10_000 }).asPromise();
    identity = new IdentityService(connection);
    await identity.ready();
  });

  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });

  it('gives a first record a new person and answers existing for the same hospital patient again', async () => {
    const id = unique();
    const first = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Phùng Thị Mận', cccd: id.cccd })));
    expect(first.status).toBe('new');
    const again = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Phùng Thị Mận', cccd: id.cccd })));
    expect(again).toMatchObject({ status: 'existing', personId: first.personId });
    expect(await identity.membersOf(first.personId)).toHaveLength(1);
  });

  it('links the same person at a second hospital by CCCD, and the link carries its reason', async () => {
    const id = unique();
    const general = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Vương Thị Hằng', cccd: id.cccd })));
    const baiChay = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'VUONG THI HANG', cccd: id.cccd, phone: undefined })));
    expect(baiChay.status).toBe('linked');
    expect(baiChay.personId).toBe(general.personId);
    expect(baiChay.reasons).toContain('same CCCD');
    const link = await identity.personOf(BAI_CHAY, id.mrn('BC'));
    expect(link?.reason).toContain('same CCCD');
    expect(link?.reason).toContain(`${GENERAL}/${id.mrn('BN')}`);
  });

  it('links by BHYT social insurance number across a change of beneficiary group', async () => {
    const id = unique();
    const child = ok(await identity.resolve(CHILDREN, lan({ mrn: id.mrn('SN'), fullName: 'Lạc Văn Tùng', gender: 'male', birthDate: '2008-05-01', bhyt: { number: `HS422${id.sin}` }, phone: undefined, address: undefined })));
    const adult = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Lạc Văn Tùng', gender: 'male', birthDate: '2008-05-01', bhyt: { number: `DN422${id.sin}` }, phone: '0977 000 111' })));
    expect(adult).toMatchObject({ status: 'linked', personId: child.personId });
    expect(adult.reasons).toEqual(expect.arrayContaining(['same BHYT social insurance number', 'BHYT group changed (HS4 → DN4)']));
  });

  it('links by name, birth date and phone when neither record has an identifier', async () => {
    const id = unique();
    const phone = `09${id.cccd.slice(-8)}`;
    const first = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Khúc Thị Duyên', birthDate: '1971-09-09', phone })));
    const second = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'Duyên Khúc Thị', birthDate: '1971', phone: `+84 ${phone.slice(1)}` })));
    expect(second).toMatchObject({ status: 'linked', personId: first.personId });
    expect(second.reasons).toEqual(expect.arrayContaining(['same name words in another order', 'birth year compatible (year-only date)', 'phone equal']));
  });

  it('uses facts refreshed on an existing patient for later matching', async () => {
    const id = unique();
    const phone = `08${id.cccd.slice(-8)}`;
    const first = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Ninh Văn Cảnh', gender: 'male', birthDate: '1960-02-02', phone: undefined, address: undefined })));
    ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Ninh Văn Cảnh', gender: 'male', birthDate: '1960-02-02', phone, address: undefined })));
    const other = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'Ninh Van Canh', gender: 'male', birthDate: '1960-02-02', phone, address: undefined })));
    expect(other).toMatchObject({ status: 'linked', personId: first.personId });
  });

  it('keeps twins apart', async () => {
    const id = unique();
    const phone = `07${id.cccd.slice(-8)}`;
    const one = ok(await identity.resolve(CHILDREN, lan({ mrn: id.mrn('SN'), fullName: 'Đào Minh Khôi', gender: 'male', birthDate: '2019-04-04', phone })));
    const two = ok(await identity.resolve(CHILDREN, lan({ mrn: `${id.mrn('SN')}b`, fullName: 'Đào Minh Khang', gender: 'male', birthDate: '2019-04-04', phone })));
    expect(two.status).toBe('new');
    expect(two.personId).not.toBe(one.personId);
  });

  it('sends a possible match to review with a person of its own, and a same-person decision links it once', async () => {
    const id = unique();
    const general = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Tạ Thị Xoan', birthDate: '1955-12-01', phone: undefined, address: undefined })));
    const baiChay = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'Tạ Thị Xoan', birthDate: '1955-12-01', phone: undefined, address: { text: 'Khu 2, phường Cẩm Tây, TP Cẩm Phả, Quảng Ninh' } })));
    expect(baiChay.status).toBe('review');
    expect(baiChay.personId).not.toBe(general.personId);
    const open = (await identity.listReviews({ status: 'open' })).filter((review) => review.mrn === id.mrn('BC'));
    expect(open).toHaveLength(1);
    const review = open[0]!;
    expect(review).toMatchObject({ hospital: BAI_CHAY, candidatePersonId: general.personId, candidate: { hospital: GENERAL, mrn: id.mrn('BN') } });
    expect(review.reasons).toContain('name equal after folding');

    const decided = await identity.decideReview(review.id, { decision: 'same-person', decidedBy: 'dr.hoa', reason: 'same mother and village on the referral letter' });
    expect(decided).toMatchObject({ ok: true, personId: general.personId, review: { status: 'decided', decision: 'same-person', decidedBy: 'dr.hoa' } });
    expect((await identity.personOf(BAI_CHAY, id.mrn('BC')))?.personId).toBe(general.personId);
    expect((await identity.personOf(BAI_CHAY, id.mrn('BC')))?.reason).toContain('same mother and village on the referral letter');
    expect((await identity.membersOf(general.personId)).map((member) => member.mrn).sort()).toEqual([id.mrn('BC'), id.mrn('BN')].sort());

    const twice = await identity.decideReview(review.id, { decision: 'different-people', decidedBy: 'dr.lam', reason: 'second look' });
    expect(twice).toMatchObject({ ok: false, code: 'already-decided', field: 'reviewId' });
    expect((await identity.listReviews({ status: 'open' })).some((each) => each.id === review.id)).toBe(false);
  });

  it('keeps a review decided as different people apart and records the decision in the history', async () => {
    const id = unique();
    const general = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Giáp Văn Tư', gender: 'male', birthDate: '1950-06-06', phone: undefined, address: undefined })));
    const baiChay = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'Giáp Văn Tư', gender: 'male', birthDate: '1950-06-06', phone: undefined, address: undefined })));
    expect(baiChay.status).toBe('review');
    const review = (await identity.listReviews({ status: 'open' })).find((each) => each.mrn === id.mrn('BC'));
    const decided = await identity.decideReview(review!.id, { decision: 'different-people', decidedBy: 'dr.hoa', reason: 'different fathers' });
    expect(decided.ok).toBe(true);
    expect((await identity.personOf(BAI_CHAY, id.mrn('BC')))?.personId).not.toBe(general.personId);
    const history = await identity.linkHistory(BAI_CHAY, id.mrn('BC'));
    expect(history.map((event) => event.type)).toEqual(['linked', 'reviewed', 'reviewed']);
    expect(history[2]).toMatchObject({ decision: 'different-people', by: 'dr.hoa', reason: 'different fathers' });
  });

  it('undoes a wrong link: the member gets a person of its own and stays there', async () => {
    const id = unique();
    const general = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Lò Thị Chiêm', cccd: id.cccd })));
    const baiChay = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'Lò Thị Chiêm', cccd: id.cccd })));
    expect(baiChay.personId).toBe(general.personId);
    const unlinked = await identity.unlink(BAI_CHAY, id.mrn('BC'), { by: 'it.admin', reason: 'CCCD typed from the wrong card' });
    expect(unlinked).toMatchObject({ ok: true, previousPersonId: general.personId });
    if (!unlinked.ok) return;
    expect(unlinked.personId).not.toBe(general.personId);
    expect(await identity.personOf(BAI_CHAY, id.mrn('BC'))).toMatchObject({ personId: unlinked.personId, kind: 'unlinked', linkedBy: 'it.admin' });
    expect((await identity.membersOf(general.personId)).map((member) => member.mrn)).toEqual([id.mrn('BN')]);
    const again = ok(await identity.resolve(BAI_CHAY, lan({ mrn: id.mrn('BC'), fullName: 'Lò Thị Chiêm', cccd: id.cccd })));
    expect(again).toMatchObject({ status: 'existing', personId: unlinked.personId });
    const history = await identity.linkHistory(BAI_CHAY, id.mrn('BC'));
    expect(history.map((event) => event.type)).toEqual(['linked', 'unlinked']);
    expect(history[1]).toMatchObject({ by: 'it.admin', reason: 'CCCD typed from the wrong card', otherPersonId: general.personId });
  });

  it('merges an MRN into the survivor (ADT A40) and rejects a merge of an unknown patient with a value', async () => {
    const id = unique();
    const survivor = ok(await identity.resolve(GENERAL, lan({ mrn: id.mrn('BN'), fullName: 'Hứa Văn Thọ', gender: 'male', cccd: id.cccd })));
    const duplicate = ok(await identity.resolve(GENERAL, lan({ mrn: `${id.mrn('BN')}D`, fullName: 'Hua Van Tho', gender: 'male', birthDate: '1948', phone: undefined, address: undefined })));
    expect(duplicate.personId).not.toBe(survivor.personId);
    const merged = await identity.mergeMrn(GENERAL, id.mrn('BN'), `${id.mrn('BN')}D`);
    expect(merged).toEqual({ ok: true, personId: survivor.personId, status: 'merged' });
    expect(await identity.personOf(GENERAL, `${id.mrn('BN')}D`)).toMatchObject({ personId: survivor.personId, status: 'merged', mergedInto: id.mrn('BN') });
    expect(await identity.mergeMrn(GENERAL, id.mrn('BN'), `${id.mrn('BN')}D`)).toEqual({ ok: true, personId: survivor.personId, status: 'already-merged' });

    expect(await identity.mergeMrn(GENERAL, 'NO-SUCH-MRN', id.mrn('BN'))).toMatchObject({ ok: false, code: 'unknown-patient', field: 'survivingMrn' });
    expect(await identity.mergeMrn(GENERAL, id.mrn('BN'), 'NO-SUCH-MRN')).toMatchObject({ ok: false, code: 'unknown-patient', field: 'mergedMrn' });
  });

  it('rejects bad input with a value naming the field and the rule', async () => {
    expect(await identity.resolve('bv-nowhere' as HospitalCode, lan({ mrn: 'X1' }))).toMatchObject({ ok: false, field: 'hospital', code: 'unknown-hospital' });
    expect(await identity.resolve(GENERAL, lan({ mrn: '  ' }))).toMatchObject({ ok: false, field: 'mrn', code: 'required' });
    expect(await identity.resolve(GENERAL, { mrn: 'X2', fullName: '' })).toMatchObject({ ok: false, field: 'fullName', code: 'name-or-identifier-required' });
    expect(await identity.decideReview('no-such-review', { decision: 'same-person', decidedBy: 'dr.hoa', reason: 'x' })).toMatchObject({ ok: false, field: 'reviewId', code: 'unknown-review' });
    expect(await identity.unlink(GENERAL, 'NO-SUCH-MRN', { by: 'it.admin', reason: 'x' })).toMatchObject({ ok: false, field: 'mrn', code: 'unknown-patient' });
  });

  it('converges on one person per patient when many records of the same people arrive in parallel at three hospitals', async () => {
    const id = unique();
    const hospitals: HospitalCode[] = [GENERAL, CHILDREN, BAI_CHAY];
    // Twelve people. Identifiers vary by hospital so the keys cross: one hospital knows only the
    // CCCD, another only the BHYT number, the third both; four people have no identifier at all.
    const people = Array.from({ length: 12 }, (_, index) => {
      const n = String(index).padStart(2, '0');
      const gender: Gender = index % 2 ? 'male' : 'female';
      return {
        index,
        fullName: `${['Mạc', 'Lương', 'Khổng', 'Âu'][index % 4]} ${index % 2 ? 'Văn' : 'Thị'} ${['An', 'Bích', 'Cúc', 'Dần', 'Gấm', 'Hạ', 'Kha', 'Lựu', 'Mơ', 'Nụ', 'Ổi', 'Quế'][index]}`,
        gender,
        birthDate: `19${50 + index}-0${1 + (index % 9)}-1${index % 10}`,
        cccd: `${id.cccd.slice(0, 10)}${n}`,
        sin: `${id.sin.slice(0, 8)}${n}`,
        phone: `03${id.cccd.slice(-6)}${n}`,
      };
    });
    const identifiers = (person: (typeof people)[number], hospitalIndex: number): Partial<PatientFacts> => {
      if (person.index >= 8) return {};
      if (hospitalIndex === 0) return { cccd: person.cccd };
      if (hospitalIndex === 1) return { bhyt: { number: `GD422${person.sin}` } };
      return { cccd: person.cccd, bhyt: { number: `HT322${person.sin}` } };
    };
    // Every record twice (an A04 and an A08 of the same patient arrive together), all in flight at once.
    const jobs: Array<() => Promise<ResolveOutcome>> = [];
    for (const repeat of [0, 1]) {
      for (const [hospitalIndex, hospital] of hospitals.entries()) {
        for (const person of people) {
          const facts: PatientFacts = { mrn: `${id.mrn('P')}-${person.index}-${hospitalIndex}`, fullName: hospitalIndex === 2 ? person.fullName.toUpperCase() : person.fullName, gender: person.gender, birthDate: person.birthDate, phone: person.phone, ...identifiers(person, hospitalIndex) };
          jobs.push(() => identity.resolve(hospital, repeat ? { ...facts } : facts));
        }
      }
    }
    const outcomes = await Promise.all(jobs.map((job) => job()));
    for (const outcome of outcomes) expect(outcome.ok).toBe(true);

    const personOfEach = await Promise.all(people.map((person) => Promise.all(hospitals.map(async (hospital, hospitalIndex) => (await identity.personOf(hospital, `${id.mrn('P')}-${person.index}-${hospitalIndex}`))?.personId))));
    for (const persons of personOfEach) {
      expect(persons.every((personId) => personId !== undefined)).toBe(true);
      expect(new Set(persons).size).toBe(1);
    }
    expect(new Set(personOfEach.map((persons) => persons[0])).size).toBe(people.length);
    for (const persons of personOfEach) expect(await identity.membersOf(persons[0]!)).toHaveLength(3);
  }, 120_000);

  it('links generated same-person pairs that share an identifier, keeps different people apart, and measures throughput', async () => {
    const pairs = generateLabelledPairs({ seed: 7, scale: 0.1 }).map((pair, index) => ({
      ...pair,
      a: { hospital: pair.a.hospital, facts: { ...pair.a.facts, mrn: `T${run}-${index}-${pair.a.facts.mrn}` } },
      b: { hospital: pair.b.hospital, facts: { ...pair.b.facts, mrn: `T${run}-${index}-${pair.b.facts.mrn}` } },
    }));
    const records = pairs.flatMap((pair) => [pair.a, pair.b]);
    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < records.length) {
        const record = records[next++]!;
        ok(await identity.resolve(record.hospital, record.facts));
      }
    };
    await Promise.all(Array.from({ length: 4 }, () => worker()));
    const seconds = (performance.now() - started) / 1000;
    console.log(`identity resolve throughput: ${records.length} resolves in ${seconds.toFixed(1)} s = ${(records.length / seconds).toFixed(1)} resolves/s (4 concurrent, FerretDB)`);

    const personOf = async (record: { hospital: HospitalCode; facts: PatientFacts }): Promise<string | undefined> => (await identity.personOf(record.hospital, record.facts.mrn))?.personId;
    const wrong: string[] = [];
    for (const pair of pairs) {
      const [a, b] = await Promise.all([personOf(pair.a), personOf(pair.b)]);
      if (pair.samePerson && pair.sharedIdentifier && a !== b) wrong.push(`${pair.id} not linked`);
      if (!pair.samePerson && a === b) wrong.push(`${pair.id} linked`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
