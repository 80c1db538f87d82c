/**
 * Typed, bounds-safe access to the values of a message parsed by @medplum/core's Hl7Message, with
 * escape sequences resolved and HL7's explicit null ("") read as empty. Medplum's accessors index
 * arrays without checks (a missing repetition throws), and do not unescape.
 */
import { type Hl7Field, type Hl7Message, type Hl7Segment } from '@medplum/core';
import { type RecordIssue } from '../../model.js';
import { type Delimiters, unescapeValue } from './escape.js';
import { hl7TimeToFhir } from './hl7-time.js';

export class MessageReader {
  readonly delimiters: Delimiters;
  readonly errors: RecordIssue[] = [];
  readonly warnings: RecordIssue[] = [];

  constructor(
    readonly message: Hl7Message,
    private readonly decodeHex: (bytes: Buffer) => string,
  ) {
    const c = message.context;
    this.delimiters = {
      field: c.fieldSeparator,
      component: c.componentSeparator,
      repetition: c.repetitionSeparator,
      escape: c.escapeCharacter,
      subcomponent: c.subcomponentSeparator,
    };
  }

  get segments(): readonly Hl7Segment[] {
    return this.message.segments;
  }

  first(name: string): Hl7Segment | undefined {
    return this.message.segments.find((s) => s.name === name);
  }

  all(name: string): Hl7Segment[] {
    return this.message.segments.filter((s) => s.name === name);
  }

  private field(segment: Hl7Segment | undefined, field: number): Hl7Field | undefined {
    if (segment === undefined) return undefined;
    // Medplum returns undefined past the last field although its type says otherwise.
    const found: Hl7Field | undefined = segment.getField(field);
    return found;
  }

  repetitions(segment: Hl7Segment | undefined, field: number): number {
    const components = this.field(segment, field)?.components;
    if (components === undefined) return 0;
    return components.length === 1 && components[0]!.every((c) => c === '') ? 0 : components.length;
  }

  private raw(
    segment: Hl7Segment | undefined,
    field: number,
    component: number,
    repetition: number,
  ): string {
    const value = this.field(segment, field)?.components[repetition]?.[component - 1] ?? '';
    return value === '""' ? '' : value;
  }

  unescape(value: string): string {
    return unescapeValue(value, this.delimiters, this.decodeHex);
  }

  /** One component (1-based), all its subcomponents as text, unescaped and trimmed. */
  get(segment: Hl7Segment | undefined, field: number, component = 1, repetition = 0): string {
    return this.unescape(this.raw(segment, field, component, repetition)).trim();
  }

  /** One subcomponent (1-based) of a component. */
  sub(
    segment: Hl7Segment | undefined,
    field: number,
    component: number,
    subcomponent: number,
    repetition = 0,
  ): string {
    const raw =
      this.raw(segment, field, component, repetition).split(this.delimiters.subcomponent)[
        subcomponent - 1
      ] ?? '';
    return this.unescape(raw).trim();
  }

  /** A whole repetition as text: components joined by the component separator, each unescaped. */
  text(segment: Hl7Segment | undefined, field: number, repetition = 0): string {
    const parts = (this.field(segment, field)?.components[repetition] ?? []).map((c) =>
      this.unescape(c === '""' ? '' : c),
    );
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts.join(this.delimiters.component).trim();
  }

  error(location: string, code: string, message: string): void {
    this.errors.push({ severity: 'error', location, code, message });
  }

  warn(location: string, code: string, message: string): void {
    this.warnings.push({ severity: 'warning', location, code, message });
  }

  /** A date / date-time component; a bad value is an error naming `location`. */
  time(
    segment: Hl7Segment | undefined,
    field: number,
    location: string,
    precision: 'date' | 'dateTime',
    repetition = 0,
  ): string | undefined {
    const value = this.get(segment, field, 1, repetition);
    return value === '' ? undefined : this.timeValue(value, location, precision);
  }

  timeValue(value: string, location: string, precision: 'date' | 'dateTime'): string | undefined {
    const result = hl7TimeToFhir(value, precision);
    if (result.ok) return result.value;
    this.error(location, result.code, `${location}: ${result.message}`);
    return undefined;
  }
}
