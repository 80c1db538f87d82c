import { sunNdefTemplate, verifySun, type SunTemplate } from '@qn/card-crypto';
import type { AgentCommand, CommandResult, InspectedCard } from '@qn/contracts';
import type { AgentCommandBus, CommandOutcome, StoredCommand } from '../agents/agent-commands.js';
import { HttpError } from '../errors/http-error.js';
import type { CardKeys } from './card-keys.js';

/** Where the SUN URL of a card points when nothing else is configured. */
export const DEFAULT_SUN_BASE_URL = 'https://the.qn.health/c';
/** How long reception waits for a card to be placed on the desk reader. */
export const DEFAULT_WAIT_FOR_CARD_MS = 10_000;
/** Personalising takes a few seconds; past this the receptionist is told the station did not answer. */
export const PERSONALISE_TIMEOUT_MS = 20_000;

export interface DeskStation {
  readonly stationId: string;
  readonly reader?: string;
  /** How long to wait for the card to be placed; DEFAULT_WAIT_FOR_CARD_MS when absent. */
  readonly waitForCardMs?: number;
}

export interface PersonalisedChip {
  readonly uid: string;
  readonly keyVersion: number;
  /** SDMReadCtr of the SUN read back after personalising: taps must present a higher one. */
  readonly counter: number;
}

type Failed = Extract<CommandResult, { outcome: 'failed' }>;

const STEP_WORDS: Readonly<Record<string, string>> = {
  select: 'chọn ứng dụng thẻ',
  identify: 'đọc thông tin thẻ',
  'write-ndef': 'ghi đường dẫn SUN',
  authenticate: 'xác thực khóa 0',
  'change-file-settings': 'bật SUN',
  'change-key-1': 'đổi khóa 1',
  'change-key-2': 'đổi khóa 2',
  'change-key-3': 'đổi khóa 3',
  'change-key-4': 'đổi khóa 4',
  'change-key-0': 'đổi khóa 0',
  verify: 'đọc thử thẻ',
};

function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown>,
): HttpError {
  return new HttpError({ status, code, title, detail, extra });
}

/** A failed or unanswered desk command as a problem the receptionist can act on (Vietnamese, then English). */
export function deskProblem(
  stationId: string,
  outcome: Exclude<CommandOutcome, { kind: 'answered' }> | { kind: 'failed'; failed: Failed },
): HttpError {
  const extra: Record<string, unknown> = { stationId };
  switch (outcome.kind) {
    case 'station-unknown':
      return problem(
        404,
        'station-not-found',
        'Unknown station',
        `Không có trạm đọc thẻ ${stationId}. / There is no card-reader station ${stationId}.`,
        extra,
      );
    case 'station-offline':
      return problem(
        409,
        'station-offline',
        'Station offline',
        `Trạm ${stationId} đang mất kết nối: kiểm tra máy và đầu đọc rồi thử lại. / Station ${stationId} is not connected: check its PC and reader, then try again.`,
        extra,
      );
    case 'timeout':
      return problem(
        504,
        'station-timeout',
        'Station did not answer',
        `Trạm ${stationId} không trả lời kịp. Để nguyên thẻ trên đầu đọc và thử lại. / Station ${stationId} did not answer in time. Leave the card on the reader and try again.`,
        extra,
      );
    case 'failed':
      break;
  }
  const { failed } = outcome;
  Object.assign(extra, {
    agentCode: failed.code,
    done: failed.done,
    ...(failed.step ? { step: failed.step } : {}),
    ...(failed.reader ? { reader: failed.reader } : {}),
  });
  const at = failed.step ? ` (bước: ${STEP_WORDS[failed.step] ?? failed.step})` : '';
  switch (failed.code) {
    case 'no_card':
      return problem(
        409,
        'no-card-on-reader',
        'No card on the reader',
        `Đặt thẻ lên đầu đọc của trạm ${stationId} rồi thử lại. / Place the card on the reader of station ${stationId} and try again.`,
        extra,
      );
    case 'card_removed':
      return problem(
        409,
        'card-removed',
        'Card removed too early',
        `Thẻ bị nhấc khỏi đầu đọc giữa chừng${at}. Đặt lại đúng thẻ đó lên đầu đọc và thử lại: việc ghi thẻ sẽ làm tiếp từ chỗ dừng. / The card left the reader midway; put the same card back and try again to finish.`,
        extra,
      );
    case 'wrong_card':
      return problem(
        409,
        'wrong-card',
        'Another card is on the reader',
        `Trên đầu đọc là một thẻ khác với thẻ vừa đọc. Đặt lại đúng thẻ và thử lại. / Another card is on the reader; put the right card back and try again.`,
        extra,
      );
    case 'unsupported_card':
      return problem(
        409,
        'unsupported-card',
        'Not a patient card chip',
        `Thẻ trên đầu đọc không phải thẻ NTAG 424 DNA của tỉnh. Dùng thẻ trắng của tỉnh. / The card on the reader is not an NTAG 424 DNA; use a blank province card.`,
        extra,
      );
    case 'auth_failed':
    case 'unexpected_card_state':
      return problem(
        409,
        'card-keys-unknown',
        'Card set up elsewhere',
        `Thẻ này đã được cài khóa khác (không phải thẻ trắng, hoặc không đúng thẻ của người bệnh)${at}. Dùng một thẻ trắng khác. / This chip holds keys we do not know; use another blank card.`,
        { ...extra, reason: failed.message },
      );
    case 'reader_busy':
      return problem(
        409,
        'reader-busy',
        'Reader busy',
        `Đầu đọc của trạm ${stationId} đang ghi một thẻ khác. Chờ xong rồi thử lại. / The reader is busy with another card; wait and try again.`,
        extra,
      );
    case 'reader_not_found':
      return problem(
        409,
        'reader-not-found',
        'Reader not attached',
        `Trạm ${stationId} không thấy đầu đọc thẻ. Kiểm tra dây cắm đầu đọc. / Station ${stationId} has no card reader attached.`,
        extra,
      );
    case 'expired':
      return problem(
        504,
        'station-timeout',
        'Station did not answer',
        `Trạm ${stationId} nhận lệnh quá muộn. Thử lại. / The station got the command too late; try again.`,
        extra,
      );
    case 'card_error':
    case 'transmit_failed':
      return problem(
        502,
        'card-write-failed',
        'Card could not be written',
        `Không ghi được thẻ${at}. Giữ thẻ yên trên đầu đọc và thử lại; nếu vẫn lỗi, dùng thẻ khác. / The card could not be written; hold it still on the reader and try again.`,
        { ...extra, reason: failed.message },
      );
  }
}

/**
 * Reception's side of personalising at the desk: asks the station's agent which chip lies on its
 * reader, then has it written with that chip's keys (diversified here, from the master key, which
 * never leaves the API), and checks the SUN the card answers with before anything is stored.
 */
export class DeskPersonalisation {
  private readonly template: SunTemplate;

  constructor(
    private readonly bus: AgentCommandBus,
    private readonly keys: CardKeys,
    options: { sunBaseUrl?: string } = {},
  ) {
    this.template = sunNdefTemplate(options.sunBaseUrl ?? DEFAULT_SUN_BASE_URL);
    bus.setExpander((command) => this.expand(command));
  }

  /** The command the agent gets: the stored one with the chip's keys and the NDEF template. */
  expand(command: StoredCommand): AgentCommand {
    if (command.kind === 'inspect') return { ...command };
    const { file, piccDataOffset, macInputOffset, macOffset } = this.template;
    return {
      ...command,
      currentKeys: this.keys.cardKeys(command.uid, command.currentKeyVersion),
      keys: this.keys.cardKeys(command.uid, command.keyVersion),
      ndef: { file: file.toString('hex').toUpperCase(), piccDataOffset, macInputOffset, macOffset },
    };
  }

  private async run(
    desk: DeskStation,
    command: StoredCommand,
    timeoutMs: number,
  ): Promise<CommandResult> {
    const outcome = await this.bus.run(desk.stationId, command, timeoutMs);
    if (outcome.kind !== 'answered') throw deskProblem(desk.stationId, outcome);
    if (outcome.result.outcome === 'failed')
      throw deskProblem(desk.stationId, { kind: 'failed', failed: outcome.result });
    return outcome.result;
  }

  /** The chip on the station's reader (waits for one to be placed). */
  async inspect(desk: DeskStation): Promise<{ reader: string; card: InspectedCard }> {
    const waitForCardMs = desk.waitForCardMs ?? DEFAULT_WAIT_FOR_CARD_MS;
    const result = await this.run(
      desk,
      { kind: 'inspect', waitForCardMs, ...(desk.reader ? { reader: desk.reader } : {}) },
      waitForCardMs + 5_000,
    );
    if (result.outcome !== 'inspected')
      throw new Error(`agent answered inspect with ${result.outcome}`);
    return { reader: result.reader, card: result.card };
  }

  /** Writes keys `keyVersion` (from `currentKeyVersion`) to chip `uid`, and checks the card's SUN with them. */
  async personalise(
    desk: DeskStation,
    chip: { uid: string; currentKeyVersion: number; keyVersion: number },
  ): Promise<PersonalisedChip> {
    const result = await this.run(
      desk,
      {
        kind: 'personalise',
        waitForCardMs: Math.min(desk.waitForCardMs ?? DEFAULT_WAIT_FOR_CARD_MS, 3_000),
        ...(desk.reader ? { reader: desk.reader } : {}),
        ...chip,
      },
      PERSONALISE_TIMEOUT_MS,
    );
    if (result.outcome !== 'personalised')
      throw new Error(`agent answered personalise with ${result.outcome}`);
    const check = verifySun(result.sun, this.keys.forCard(chip.uid, chip.keyVersion));
    if (!check.ok || check.uid !== chip.uid || result.keyVersion !== chip.keyVersion) {
      throw new HttpError({
        status: 502,
        code: 'card-verify-failed',
        title: 'Card does not verify',
        detail: `Thẻ đã ghi nhưng đọc thử không khớp khóa. Thử lại; nếu vẫn lỗi, dùng thẻ khác. / The card was written but its SUN does not verify with its keys; try again or use another card.`,
        extra: { stationId: desk.stationId },
      });
    }
    return { uid: chip.uid, keyVersion: chip.keyVersion, counter: check.counter };
  }
}
