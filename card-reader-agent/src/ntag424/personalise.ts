/**
 * Personalising an NTAG 424 DNA at the reception desk, and re-keying one: what the API's
 * `personalise` command asks, done with native commands through `Ntag424Pcd`.
 *
 * Order, chosen so that a card pulled off the reader at any moment can be finished by running the
 * same command again on it:
 *
 *   select → identify (UID, GetVersion, key versions, file settings)
 *   → write the NDEF file (only while SDM is not yet set) → authenticate with key 0
 *   → ChangeFileSettings (SDM on) → ChangeKey 1, 2, 3, 4 → ChangeKey 0 → read the SUN back.
 *
 * Every step is recognisable on the card afterwards: a key's version says whether it was changed,
 * the file settings whether SDM is on, and SDM is only turned on after the NDEF file is written.
 * Key 0 goes last because it is the one key a retry must know to authenticate: while it is still at
 * the current version, every other step can be done (or redone); once it is at the target version,
 * everything else already is. So a retry never meets "key 0 changed but file settings not".
 */
import {
  CARD_KEY_COUNT,
  CARD_KEY_NO,
  NDEF_FILE_NO,
  sameFileSettings,
  sunFileSettings,
  ACCESS_FREE,
  type FileSettings,
} from '@qn/card-crypto';
import type {
  CommandFailureCode,
  PersonaliseCardCommand,
  PersonaliseStep,
  InspectedCard,
} from '@qn/contracts';
import { CardReadError } from '../pcsc/card-errors.js';
import { readNdefMessage, type Transmit } from '../pcsc/read-sun.js';
import { decodeUriMessage, NdefError } from '../sun/ndef.js';
import { parseSunUrl, type SunFields } from '../sun/sun.js';
import { fromHex } from '../sun/hex.js';
import { NTAG424_NDEF_AID } from '../emulator/ntag424-card.js';
import { CardIntegrityError, CardStatusError, isStatus, Ntag424Pcd } from './pcd.js';
import { RC } from './native.js';

/** NXP's vendor id and the NTAG hardware type in GetVersion. */
const NXP_VENDOR = 0x04;
const NTAG_HW_TYPE = 0x04;

export class PersonaliseFailure extends Error {
  constructor(
    readonly code: CommandFailureCode,
    message: string,
    readonly step: PersonaliseStep | undefined,
    readonly done: readonly PersonaliseStep[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PersonaliseFailure';
  }
}

export interface Personalised {
  readonly uid: string;
  readonly keyVersion: number;
  readonly done: readonly PersonaliseStep[];
  readonly sun: SunFields;
}

/** What identifying a card found: enough to decide what is left to do. */
interface CardFacts {
  readonly uid: string;
  readonly keyVersions: readonly number[];
  readonly settings: FileSettings;
}

function readFailureCode(error: CardReadError): CommandFailureCode {
  switch (error.code) {
    case 'card_removed':
    case 'unsupported_card':
    case 'transmit_failed':
      return error.code;
    case 'timeout':
    case 'bad_response':
    case 'reader_error':
      return 'transmit_failed';
    default:
      return 'card_error';
  }
}

/** Maps what went wrong at a step to a code and words for the API (and the receptionist). */
function failure(
  error: unknown,
  step: PersonaliseStep,
  done: readonly PersonaliseStep[],
): PersonaliseFailure {
  if (error instanceof PersonaliseFailure) return error;
  const after = done.length > 0 ? ` (done before: ${done.join(', ')})` : '';
  if (error instanceof CardReadError) {
    const code = readFailureCode(error);
    const what = code === 'card_removed' ? 'the card left the reader' : error.message;
    return new PersonaliseFailure(
      code,
      `${step}: ${what}${after}; put the same card back and retry to finish`,
      step,
      done,
      { cause: error },
    );
  }
  if (error instanceof CardStatusError) {
    if (step === 'select' && error.sw === 0x6a82)
      return new PersonaliseFailure(
        'unsupported_card',
        'the card has no NTAG 424 DNA NDEF application',
        step,
        done,
        { cause: error },
      );
    if (isStatus(error, RC.authenticationError))
      return new PersonaliseFailure(
        'auth_failed',
        `${step}: key 0 does not authenticate: the card holds other keys than expected${after}`,
        step,
        done,
        { cause: error },
      );
    return new PersonaliseFailure('card_error', `${step}: ${error.message}${after}`, step, done, {
      cause: error,
    });
  }
  if (error instanceof CardIntegrityError)
    return new PersonaliseFailure('card_error', `${step}: ${error.message}${after}`, step, done, {
      cause: error,
    });
  const message = error instanceof Error ? error.message : String(error);
  return new PersonaliseFailure('card_error', `${step}: ${message}${after}`, step, done, {
    cause: error,
  });
}

async function identify(pcd: Ntag424Pcd): Promise<CardFacts> {
  const uid = await pcd.getUid();
  const version = await pcd.getVersion();
  if (version.vendorId !== NXP_VENDOR || version.hwType !== NTAG_HW_TYPE)
    throw new PersonaliseFailure(
      'unsupported_card',
      `not an NTAG 424 DNA (vendor ${version.vendorId}, type ${version.hwType})`,
      'identify',
      [],
    );
  const keyVersions: number[] = [];
  for (let keyNo = 0; keyNo < CARD_KEY_COUNT; keyNo++)
    keyVersions.push(await pcd.getKeyVersion(keyNo));
  const settings = await pcd.getFileSettings(NDEF_FILE_NO);
  return { uid, keyVersions, settings };
}

/** Selects the NDEF application and reads what personalisation needs to know (the `inspect` command). */
export async function inspectCard(transmit: Transmit): Promise<InspectedCard> {
  const pcd = new Ntag424Pcd(transmit);
  let step: PersonaliseStep = 'select';
  try {
    await pcd.selectApplication(NTAG424_NDEF_AID);
    step = 'identify';
    const facts = await identify(pcd);
    return {
      uid: facts.uid,
      keyVersions: [...facts.keyVersions],
      sdm: facts.settings.sdm !== undefined,
    };
  } catch (error) {
    throw failure(error, step, []);
  }
}

/** Runs (or finishes) personalisation as `command` describes; throws PersonaliseFailure. */
export async function personaliseCard(
  transmit: Transmit,
  command: PersonaliseCardCommand,
): Promise<Personalised> {
  const pcd = new Ntag424Pcd(transmit);
  const done: PersonaliseStep[] = [];
  const current = command.currentKeys.map((key) => fromHex(key));
  const target = command.keys.map((key) => fromHex(key));
  const key = (keys: Buffer[], keyNo: number): Buffer => keys[keyNo] ?? Buffer.alloc(16);
  const file = fromHex(command.ndef.file);
  const wanted = sunFileSettings(command.ndef);
  if (command.keyVersion === command.currentKeyVersion)
    throw new PersonaliseFailure(
      'unexpected_card_state',
      `the target key version ${command.keyVersion} is the current one`,
      undefined,
      done,
    );

  let step: PersonaliseStep = 'select';
  const run = async <T>(name: PersonaliseStep, action: () => Promise<T>): Promise<T> => {
    step = name;
    const result = await action();
    done.push(name);
    return result;
  };
  try {
    await run('select', () => pcd.selectApplication(NTAG424_NDEF_AID));
    const facts = await run('identify', () => identify(pcd));
    if (facts.uid !== command.uid)
      throw new PersonaliseFailure(
        'wrong_card',
        `the card on the reader is ${facts.uid}, not ${command.uid}`,
        'identify',
        done,
      );
    const [key0Version = -1] = facts.keyVersions;
    const known = [command.currentKeyVersion, command.keyVersion];
    const strange = facts.keyVersions.findIndex((version) => !known.includes(version));
    if (strange >= 0)
      throw new PersonaliseFailure(
        'unexpected_card_state',
        `key ${strange} has version ${facts.keyVersions[strange]}, neither the current ${command.currentKeyVersion} nor the target ${command.keyVersion}: this card was set up elsewhere`,
        'identify',
        done,
      );
    const key0Done = key0Version === command.keyVersion;
    if (key0Done && facts.keyVersions.some((version) => version !== command.keyVersion))
      throw new PersonaliseFailure(
        'unexpected_card_state',
        'key 0 is already at the target version but other keys are not',
        'identify',
        done,
      );
    const settingsDone = sameFileSettings(facts.settings, wanted);
    if (key0Done && !settingsDone)
      throw new PersonaliseFailure(
        'unexpected_card_state',
        'key 0 is already at the target version but SDM is not set as asked',
        'identify',
        done,
      );

    // While the NDEF file is freely writable (factory settings), write it before authenticating.
    const freeWrite =
      facts.settings.access.write === ACCESS_FREE ||
      facts.settings.access.readWrite === ACCESS_FREE;
    if (!settingsDone && freeWrite)
      await run('write-ndef', () => pcd.writeDataPlain(NDEF_FILE_NO, 0, file));

    await run('authenticate', () =>
      pcd.authenticate(CARD_KEY_NO.appMaster, key0Done ? key(target, 0) : key(current, 0)),
    );
    if (!settingsDone) {
      if (!freeWrite) await run('write-ndef', () => pcd.writeDataPlain(NDEF_FILE_NO, 0, file));
      await run('change-file-settings', () => pcd.changeFileSettings(NDEF_FILE_NO, wanted));
    }
    const keySteps = ['change-key-1', 'change-key-2', 'change-key-3', 'change-key-4'] as const;
    for (const [index, name] of keySteps.entries()) {
      const keyNo = index + 1;
      if (facts.keyVersions[keyNo] === command.keyVersion) continue;
      await run(name, () =>
        pcd.changeKey(keyNo, key(target, keyNo), command.keyVersion, key(current, keyNo)),
      );
    }
    if (!key0Done)
      await run('change-key-0', () => pcd.changeKey(0, key(target, 0), command.keyVersion));

    const sun = await run('verify', async () => {
      const message = await readNdefMessage(transmit);
      let url: string;
      try {
        url = decodeUriMessage(message);
      } catch (error) {
        if (error instanceof NdefError)
          throw new CardIntegrityError(
            `the NDEF file does not read back as a URI: ${error.message}`,
          );
        throw error;
      }
      const fields = parseSunUrl(url);
      if (fields === null)
        throw new CardIntegrityError('the NDEF file reads back without a SUN message');
      return fields;
    });
    return { uid: facts.uid, keyVersion: command.keyVersion, done, sun };
  } catch (error) {
    throw failure(error, step, done);
  }
}
