/** Field errors as the servers send them (`details.fields`), keyed for the form. */

export interface FieldIssue {
  field: string;
  message: string;
}

/** What a page shows for a failed call: a message, and per-field messages next to the fields. */
export interface UiError {
  code: string;
  message: string;
  fields: Record<string, string>;
}

function isFieldIssue(v: unknown): v is FieldIssue {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldIssue).field === 'string' &&
    typeof (v as FieldIssue).message === 'string'
  );
}

/**
 * `[{field: 'channels.1', message}]` → `{channels: message}`: the form field is the first path
 * segment; several messages for one field are joined. Anything malformed is ignored.
 */
export function fieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = typeof details === 'object' && details !== null ? (details as { fields?: unknown }).fields : undefined;
  if (!Array.isArray(list)) return out;
  for (const issue of list) {
    if (!isFieldIssue(issue)) continue;
    const key = issue.field.split('.')[0] || '(root)';
    const prev = out[key];
    if (prev === undefined) out[key] = issue.message;
    else if (!prev.split('；').includes(issue.message)) out[key] = `${prev}；${issue.message}`;
  }
  return out;
}
