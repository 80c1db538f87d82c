// parse-prometheus-text-format ships no type declarations; this covers the gauge output the tests read.
declare module 'parse-prometheus-text-format' {
  interface ParsedSample {
    labels?: Record<string, string>;
    /** As written in the exposition, e.g. "3" or "1.77e9". */
    value: string;
  }
  interface ParsedFamily {
    name: string;
    help: string;
    type: 'GAUGE' | 'COUNTER' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: ParsedSample[];
  }
  const parsePrometheusTextFormat: (text: string) => ParsedFamily[];
  export default parsePrometheusTextFormat;
}
