import { describe, expect, it } from 'vitest';
import { emptyRecordForm, splitGroups, textToParagraphs, toRecordInput } from './record-form';

describe('record form', () => {
  it('turns lines into escaped paragraphs', () => {
    expect(textToParagraphs('第一段\r\n\r\n  第二段 <img src=x onerror=alert(1)>\n')).toBe('<p>第一段</p><p>第二段 &lt;img src=x onerror=alert(1)&gt;</p>');
  });
  it('splits target groups and drops the ground unless withheld', () => {
    expect(splitGroups('低保户、特困人员\n残疾人，低保户')).toEqual(['低保户', '特困人员', '残疾人']);
    const v = { ...emptyRecordForm(), title: 't', withheldGround: 'x', docNo: '' };
    expect(toRecordInput(v)).toMatchObject({ withheldGround: null, docNo: null, catalogItemId: null });
  });
});
