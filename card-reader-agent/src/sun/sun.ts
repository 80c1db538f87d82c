/** SUN (NXP AN12196) lives in the shared package `@qn/card-crypto`, used by ehr-api too. */
export {
  aesCmac,
  buildSunUrl,
  computeSdmMac,
  decryptPiccData,
  encryptPiccData,
  MAX_SDM_READ_COUNTER,
  parseSunUrl,
  PICC_DATA_TAG_UID_AND_COUNTER_7,
  sessionMacKey,
  truncateMac,
  verifySun,
  type BuildSunUrlParams,
  type PiccData,
  type SunFields,
  type SunKeys,
  type SunVerification,
} from '@qn/card-crypto';
