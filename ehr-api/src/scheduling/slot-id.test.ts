import { describe, expect, it } from '@jest/globals';
import { fhirSlotId, formatSlotId, parseSlotId } from './slot-id.js';

describe('slot ids', () => {
  const start = new Date('2026-12-01T00:30:00Z'); // 07:30 in Vietnam

  it('round-trips a service id and start through the local-time form', () => {
    const id = formatSlotId('hs-bv-bai-chay-noi', start);
    expect(id).toBe('hs-bv-bai-chay-noi@202612010730');
    expect(parseSlotId(id)).toEqual({ serviceId: 'hs-bv-bai-chay-noi', start });
  });

  it('writes a start just after local midnight on the local day, not the UTC one', () => {
    expect(formatSlotId('hs-x-noi', new Date('2026-11-30T17:15:00Z'))).toBe(
      'hs-x-noi@202612010015',
    );
  });

  it.each([
    ['', 'not a slot id'],
    ['hs-bv-bai-chay-noi', 'not a slot id'],
    ['hs-bv-bai-chay-noi@20261201073', 'not a slot id'],
    ['HS-BV@202612010730', 'not a slot id'],
    ['hs-bv-bai-chay-noi@202612010730 ', 'not a slot id'],
    ['hs-bv--noi@202612010730', 'not a slot id'],
    ['hs-bv-bai-chay-noi@202602300730', 'not a calendar day'],
    ['hs-bv-bai-chay-noi@202612012430', 'not a time of day'],
    ['hs-bv-bai-chay-noi@202612010760', 'not a time of day'],
    [`hs-${'a'.repeat(70)}@202612010730`, 'too long'],
  ])('refuses %j, saying it is %s', (value, problem) => {
    const parsed = parseSlotId(value);
    expect(typeof parsed).toBe('string');
    expect(parsed).toContain(problem);
  });

  it('derives a FHIR Slot id within FHIR id rules for the longest demo service id', () => {
    const id = fhirSlotId('hs-bv-san-nhi-quang-ninh-chan-doan-hinh-anh', start);
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });
});
