export { CardReaders, CardSessionError, NTAG424_NDEF_AID_HEX } from './pcsc/card-readers.js';
export type {
  CardReaderEvents,
  CardTappedEvent,
  CardErrorEvent,
  ReaderEvent,
  FacadeErrorEvent,
  CardKind,
  CardSessionInfo,
  WithCardOptions,
} from './pcsc/card-readers.js';
export { CARD_ERROR_CODES, CardReadError, type CardErrorCode } from './pcsc/card-errors.js';
export {
  tapCard,
  tapEmulatedCard,
  randomUid,
  type PresentCard,
  type TapCardOptions,
} from './emulator/tap-card.js';
export {
  EmulatedNtag424,
  CARD_BEHAVIOURS,
  type CardBehaviour,
  ZERO_KEYS,
  type Ntag424State,
} from './emulator/ntag424-card.js';
export { inspectCard, personaliseCard, PersonaliseFailure } from './ntag424/personalise.js';
export { buildSunUrl, parseSunUrl, verifySun, type SunKeys, type SunFields } from './sun/sun.js';
export { Agent, type CardEventSource } from './agent/agent.js';
export { loadConfig, type AgentConfig } from './agent/config.js';
