import {
  cardFileReadKey,
  cardKeySet,
  factoryKeySet,
  fromHex,
  toHex,
  type SunKeys,
} from '@qn/card-crypto';

/**
 * The province's card keys: one meta-read key (PICCData) per key version, and a master key each
 * card's SDM file-read key is diversified from (AN10922, with the card's UID and key version).
 */
export class CardKeys {
  private readonly metaRead: Buffer;
  private readonly master: Buffer;

  constructor(
    metaReadHex: string,
    masterHex: string,
    /** Key version new cards get. */
    readonly currentVersion: number,
  ) {
    this.metaRead = fromHex(metaReadHex);
    this.master = fromHex(masterHex);
    if (this.metaRead.length !== 16 || this.master.length !== 16)
      throw new RangeError('card keys must be 16 bytes (AES-128)');
  }

  get metaReadKey(): Buffer {
    return this.metaRead;
  }

  /** The two SDM keys of one card, as the card holds them. */
  forCard(uidHex: string, keyVersion: number): SunKeys {
    return {
      metaRead: this.metaRead,
      fileRead: cardFileReadKey(this.master, fromHex(uidHex), keyVersion),
    };
  }

  /**
   * All five keys a card holds at `keyVersion` (upper-case hex, by key number), for the desk agent
   * to write; version 0 is the factory's all-zero keys. Only ever sent down an agent's socket.
   */
  cardKeys(uidHex: string, keyVersion: number): string[] {
    const keys =
      keyVersion === 0
        ? factoryKeySet()
        : cardKeySet({
            masterKey: this.master,
            metaReadKey: this.metaRead,
            uid: fromHex(uidHex),
            keyVersion,
          });
    return keys.map((key) => toHex(key));
  }
}
