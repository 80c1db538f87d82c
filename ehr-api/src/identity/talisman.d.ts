// talisman ships no type declarations; these cover the two metrics the matcher uses.
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, boost threshold 0.7). */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}

declare module 'talisman/metrics/damerau-levenshtein.js' {
  /** Edit distance counting insertion, deletion, substitution and adjacent transposition as one edit each. */
  const damerauLevenshtein: (a: string, b: string) => number;
  export default damerauLevenshtein;
}
