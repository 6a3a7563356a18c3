/** How the public record page words an attachment and a record's validity. Pure: shared by server and tests. */

const MEDIA_NAMES: Record<string, string> = {
  'application/pdf': 'PDF 文档',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
};

export const mediaTypeName = (mediaType: string): string => MEDIA_NAMES[mediaType] ?? '文件';

/** 1.2 MB, 35.0 KB, 512 字节: readers judge a download by its size before they fetch it. */
export function fileSizeText(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface ValidityFacts {
  validity: string;
  validFrom: string | null;
  expiredOn: string | null;
  repealedOn: string | null;
}

/** 有效 / 已失效 / 已废止, with the date it took effect or lapsed when known. */
export function validityText(r: ValidityFacts): { word: string; date: string | null; text: string } {
  if (r.validity === 'expired') return { word: '已失效', date: r.expiredOn, text: r.expiredOn ? `已失效（${r.expiredOn}起）` : '已失效' };
  if (r.validity === 'repealed') return { word: '已废止', date: r.repealedOn, text: r.repealedOn ? `已废止（${r.repealedOn}起）` : '已废止' };
  return { word: '有效', date: r.validFrom, text: r.validFrom ? `有效（${r.validFrom}起施行）` : '有效' };
}
