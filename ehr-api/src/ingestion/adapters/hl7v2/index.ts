/**
 * HL7 v2 source adapter (v2.3–2.5): ADT A01/A03/A04/A08/A40 and ORU^R01, in UTF-8, Windows-1258
 * or TCVN3, framed by MLLP, by newlines or in FHS/BHS batches; a writer for the same messages; an
 * MLLP listener. See README.md for the field mapping.
 */
export { hl7v2Adapter } from './adapter.js';
export { SUPPORTED_EVENTS } from './map-message.js';
export { writeHl7v2, type WriteHl7v2Options } from './writer.js';
export {
  startMllpListener,
  type MessageDisposition,
  type MllpListener,
  type MllpListenerOptions,
} from './mllp-listener.js';
