import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { COMMAND_FAILURE_CODES, type CommandFailureCode } from '@qn/contracts';
import { fromHex, sunNdefTemplate } from '@qn/card-crypto';
import type { AgentCommandBus } from '../agents/agent-commands.js';
import { CardKeys } from './card-keys.js';
import { deskProblem, DeskPersonalisation, DEFAULT_SUN_BASE_URL } from './desk-personalisation.js';

const keys = new CardKeys(randomBytes(16).toString('hex'), randomBytes(16).toString('hex'), 1);
const failed = (code: CommandFailureCode) =>
  deskProblem('desk-1', {
    kind: 'failed',
    failed: {
      outcome: 'failed',
      code,
      message: 'x',
      step: 'change-key-2',
      done: ['select', 'identify'],
    },
  });

describe('deskProblem', () => {
  it('tells the receptionist to place the card when none came, in Vietnamese first', () => {
    const problem = failed('no_card');
    expect({ status: problem.status, code: problem.code }).toEqual({
      status: 409,
      code: 'no-card-on-reader',
    });
    expect(problem.detail).toMatch(
      /^Đặt thẻ lên đầu đọc của trạm desk-1 rồi thử lại\. \/ Place the card/,
    );
  });

  it('says a lifted card is to be put back and names the step and what was done', () => {
    const problem = failed('card_removed');
    expect(problem).toMatchObject({ status: 409, code: 'card-removed' });
    expect(problem.detail).toMatch(/bước: đổi khóa 2/);
    expect(problem.extra).toMatchObject({
      step: 'change-key-2',
      done: ['select', 'identify'],
      agentCode: 'card_removed',
    });
  });

  it('answers a 4xx or a gateway 5xx, never a 500, for every failure code the agent can send', () => {
    for (const code of COMMAND_FAILURE_CODES) {
      const { status } = failed(code);
      expect([404, 409, 502, 504]).toContain(status);
    }
  });

  it('answers 504 when the station did not answer and 409 when it is offline', () => {
    expect(deskProblem('desk-1', { kind: 'timeout' })).toMatchObject({
      status: 504,
      code: 'station-timeout',
    });
    expect(deskProblem('desk-1', { kind: 'station-offline' })).toMatchObject({
      status: 409,
      code: 'station-offline',
    });
    expect(deskProblem('desk-1', { kind: 'station-unknown' })).toMatchObject({
      status: 404,
      code: 'station-not-found',
    });
  });
});

describe('DeskPersonalisation.expand', () => {
  const bus = { setExpander: () => undefined } as unknown as AgentCommandBus;
  const desk = new DeskPersonalisation(bus, keys);

  it('adds the factory keys as current and the diversified keys as target, with the SUN template', () => {
    const command = desk.expand({
      kind: 'personalise',
      waitForCardMs: 1000,
      uid: '04DE5F1EACC040',
      currentKeyVersion: 0,
      keyVersion: 1,
    });
    if (command.kind !== 'personalise') throw new Error('not personalise');
    expect(command.currentKeys).toEqual(Array(5).fill('0'.repeat(32)));
    expect(command.keys).toEqual(keys.cardKeys('04DE5F1EACC040', 1));
    expect(command.keys[2]).toBe(
      Buffer.from(keys.forCard('04DE5F1EACC040', 1).fileRead).toString('hex').toUpperCase(),
    );
    const template = sunNdefTemplate(DEFAULT_SUN_BASE_URL);
    expect(fromHex(command.ndef.file).equals(template.file)).toBe(true);
    expect(command.ndef).toMatchObject({
      piccDataOffset: template.piccDataOffset,
      macOffset: template.macOffset,
    });
  });

  it('passes an inspect command through as it is', () => {
    expect(desk.expand({ kind: 'inspect', waitForCardMs: 500 })).toEqual({
      kind: 'inspect',
      waitForCardMs: 500,
    });
  });
});
