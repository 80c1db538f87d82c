/**
 * Light and sound on readers that have them, so a patient knows the tap was read without looking
 * at the screen: one green blink and a short beep for a patient card, three red blinks with beeps
 * for anything else (a phone, a bank card, a blank card, a read that failed).
 *
 * ACS readers (ACR122U, and the ACR1252U, ACR1255U and ACM1252U in their "ACR122U compatible"
 * mode) take the pseudo-APDU `FF 00 40 P2 04 T1 T2 Rep Link`, answered by the reader itself, not
 * the card (ACS reference manuals, "Bi-color LED and Buzzer Control"). P2 bits: 0 final red,
 * 1 final green, 2 red mask, 3 green mask, 4 initial red blink, 5 initial green blink, 6 red blink
 * mask, 7 green blink mask; T1/T2 in 100 ms; Link 01 sounds the buzzer during T1. Written by hand
 * because nfc-pcsc has no reader-feedback API and no library covers the vendor commands.
 * Other readers (and the vpcd virtual reader) get nothing: an unknown pseudo-APDU would reach the
 * card.
 */
export type TapFeedback = 'read' | 'refused';

const ACR122U_COMPATIBLE = /\bAC[RM](122|1252|1255)/i;

/** Green blinks once (on for 100 ms) with a beep; the LED ends off. */
const READ = Buffer.from([0xff, 0x00, 0x40, 0xa8, 0x04, 0x01, 0x01, 0x01, 0x01]);
/** Red blinks three times (200 ms on, 200 ms off), beeping while on; the LED ends off. */
const REFUSED = Buffer.from([0xff, 0x00, 0x40, 0x54, 0x04, 0x02, 0x02, 0x03, 0x01]);

/** The command that shows `feedback` on this reader, or undefined when it has no known way. */
export function feedbackCommand(readerName: string, feedback: TapFeedback): Buffer | undefined {
  if (!ACR122U_COMPATIBLE.test(readerName)) return undefined;
  return Buffer.from(feedback === 'read' ? READ : REFUSED);
}
