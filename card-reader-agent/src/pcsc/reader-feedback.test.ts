import { describe, expect, it } from '@jest/globals';
import { feedbackCommand } from './reader-feedback.js';

describe('feedbackCommand', () => {
  it('blinks green with a beep on ACS readers for a patient card, red three times for anything else', () => {
    expect(feedbackCommand('ACS ACR1252 1S CL Reader PICC 0', 'read')?.toString('hex')).toBe(
      'ff0040a80401010101',
    );
    expect(feedbackCommand('ACS ACR122U PICC Interface 00 00', 'refused')?.toString('hex')).toBe(
      'ff00405404020203' + '01',
    );
    expect(feedbackCommand('ACS ACR1255U-J1 PICC Reader', 'read')).toBeDefined();
  });

  it('sends nothing to readers without the command, so nothing unknown reaches a card', () => {
    expect(feedbackCommand('Virtual PCD 00 00', 'read')).toBeUndefined();
    expect(feedbackCommand('Identiv uTrust 3700 F CL Reader', 'refused')).toBeUndefined();
  });
});
