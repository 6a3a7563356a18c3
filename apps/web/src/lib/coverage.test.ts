import { describe, expect, it } from 'vitest';
import { countyStandardState, formatPct, heatClass, heatLevel } from './coverage';

describe('heatLevel', () => {
  it('puts each percentage on its band, the bounds inclusive', () => {
    expect(heatLevel(100)).toBe(5);
    expect(heatLevel(99.9)).toBe(4);
    expect(heatLevel(80)).toBe(4);
    expect(heatLevel(79.9)).toBe(3);
    expect(heatLevel(60)).toBe(3);
    expect(heatLevel(40)).toBe(2);
    expect(heatLevel(20)).toBe(1);
    expect(heatLevel(19.9)).toBe(0);
    expect(heatLevel(0)).toBe(0);
  });
  it('has no level without a figure', () => {
    expect(heatLevel(null)).toBeNull();
    expect(heatLevel(Number.NaN)).toBeNull();
    expect(heatClass(undefined)).toBe('heat-none');
    expect(heatClass(45)).toBe('heat-2');
  });
});

describe('formatPct', () => {
  it('shows at most one decimal and no trailing .0', () => {
    expect(formatPct(100)).toBe('100');
    expect(formatPct(66.66)).toBe('66.7');
    expect(formatPct(0)).toBe('0');
    expect(formatPct(null)).toBe('—');
  });
});

describe('countyStandardState', () => {
  it('prefers review, then adopted, then adapted, then the declaration', () => {
    expect(countyStandardState([{ status: 'published', adoption: 'adopted' }, { status: 'submitted', adoption: 'adapted' }], false)).toBe('inReview');
    expect(countyStandardState([{ status: 'draft', adoption: 'adapted' }, { status: 'published', adoption: 'adopted' }], true)).toBe('adopted');
    expect(countyStandardState([{ status: 'draft', adoption: 'adapted' }], true)).toBe('adapted');
    expect(countyStandardState([], true)).toBe('notApplicable');
    expect(countyStandardState([], false)).toBe('uncovered');
  });
});
