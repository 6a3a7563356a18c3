import { describe, expect, it } from 'vitest';
import { VOCAB } from './server/vocab';
import { vocabNames } from './vocab';

describe('vocab', () => {
  it('carries the 26 domains, 14 channels and the four review states', () => {
    expect(VOCAB.domains).toHaveLength(26);
    expect(VOCAB.channels).toHaveLength(14);
    expect(VOCAB.statuses.map((s) => s.name)).toEqual(['草稿', '待审核', '已退回', '已发布']);
  });
  it('names codes and falls back to the code', () => {
    const n = vocabNames(VOCAB);
    expect(n.domain('social-assistance')).toBe('社会救助');
    expect(n.channel('hotline-12345')).toBe('12345热线');
    expect(n.level('township')).toBe('乡级');
    expect(n.element('legalBasis')).toBe('公开依据');
    expect(n.status('unknown')).toBe('unknown');
  });
});
