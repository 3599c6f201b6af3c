import { describe, expect, it } from 'vitest';
import { normalTwoSidedPValue } from '../../../../../shared/domain/analytics/summarize/normal';
import { studentTTwoSidedPValue } from '../../../../../shared/domain/analytics/summarize/student-t';

describe('Student t and normal p-values', () => {
  it('gives 0.05 at the tabulated two-sided 5% critical values', () => {
    expect(studentTTwoSidedPValue(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(studentTTwoSidedPValue(12.706, 1)).toBeCloseTo(0.05, 4);
    expect(studentTTwoSidedPValue(2.086, 20)).toBeCloseTo(0.05, 3);
  });

  it('gives 0.01 at the tabulated two-sided 1% critical value for 5 df', () => {
    expect(studentTTwoSidedPValue(4.032, 5)).toBeCloseTo(0.01, 4);
  });

  it('matches the Cauchy closed form for 1 df: p = 1 - 2 atan(|t|)/π', () => {
    for (const t of [0.3, 1, 2.5, 40]) {
      expect(studentTTwoSidedPValue(t, 1)).toBeCloseTo(1 - (2 * Math.atan(t)) / Math.PI, 9);
    }
  });

  it('is symmetric in t, 1 at t = 0 and tends to the normal for many df', () => {
    expect(studentTTwoSidedPValue(-2.228, 10)).toBe(studentTTwoSidedPValue(2.228, 10));
    expect(studentTTwoSidedPValue(0, 7)).toBe(1);
    expect(studentTTwoSidedPValue(1.959964, 999_998)).toBeCloseTo(0.05, 5);
  });

  it('gives the normal two-sided tail at 1.96 and 3', () => {
    expect(normalTwoSidedPValue(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSidedPValue(-3)).toBeCloseTo(0.0026998, 6);
    expect(normalTwoSidedPValue(0)).toBe(1);
  });
});
