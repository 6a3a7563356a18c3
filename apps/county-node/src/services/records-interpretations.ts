import { DEFAULT_CALENDAR, type Result, chinaDate, domainError, err, interpretationDueOn, ok } from '@zwgk/core';
import { infoRecords } from '@zwgk/db/sqlite';
import { and, asc, eq, ne } from 'drizzle-orm';
import { type ServiceDeps, nowOf } from './context.js';
import { toRecord } from './records.js';

/**
 * Interpretations (政策解读) as the console works with them: every published policy document that
 * still waits for its interpretation, whether or not its 3-working-day limit has passed (the
 * overdue-only list, `overdueInterpretations`, is this one filtered), and the interpretations linked to one document.
 */

export interface InterpretationLink {
  id: string;
  title: string;
  status: string;
  form: string | null;
  publishedOn: string | null;
  createdBy: string;
}

export interface PendingInterpretation {
  record: {
    id: string;
    title: string;
    docNo: string | null;
    indexNo: string | null;
    issuingBody: string;
    publishedOn: string;
    status: string;
    validity: string;
    validFrom: string | null;
    validUntil: string | null;
    createdBy: string;
  };
  dueOn: string;
  /** the due date falls in a year without an official holiday notice */
  provisional: boolean;
  overdue: boolean;
  interpretations: InterpretationLink[];
}

const linkOf = (r: ReturnType<typeof toRecord>): InterpretationLink => ({
  id: r.id,
  title: r.title,
  status: r.status,
  form: r.interpretationForm,
  publishedOn: r.publishedOn,
  createdBy: r.createdBy,
});

/** Published documents marked as needing interpretation that have no published interpretation yet, soonest due first. */
export function interpretationWorklist(deps: Pick<ServiceDeps, 'db' | 'county' | 'now'>): Result<{ today: string; items: PendingInterpretation[] }> {
  const today = chinaDate(nowOf(deps));
  const docs = deps.db
    .select()
    .from(infoRecords)
    .where(
      and(
        eq(infoRecords.countyCode, deps.county.code),
        eq(infoRecords.status, 'published'),
        eq(infoRecords.kind, 'document'),
        eq(infoRecords.needsInterpretation, true),
      ),
    )
    .all()
    .map(toRecord);
  const links = deps.db
    .select()
    .from(infoRecords)
    .where(and(eq(infoRecords.countyCode, deps.county.code), eq(infoRecords.kind, 'interpretation'), ne(infoRecords.status, 'withdrawn')))
    .orderBy(asc(infoRecords.createdAt))
    .all()
    .map(toRecord);
  const items: PendingInterpretation[] = [];
  for (const d of docs) {
    const mine = links.filter((l) => l.interpretsRecordId === d.id);
    if (mine.some((l) => l.status === 'published')) continue;
    const { dueOn, provisional } = interpretationDueOn(DEFAULT_CALENDAR, d.publishedOn!);
    items.push({
      record: {
        id: d.id,
        title: d.title,
        docNo: d.docNo,
        indexNo: d.indexNo,
        issuingBody: d.issuingBody,
        publishedOn: d.publishedOn!,
        status: d.status,
        validity: d.validity,
        validFrom: d.validFrom,
        validUntil: d.validUntil,
        createdBy: d.createdBy,
      },
      dueOn,
      provisional,
      overdue: today > dueOn,
      interpretations: mine.map(linkOf),
    });
  }
  items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.record.publishedOn.localeCompare(b.record.publishedOn));
  return ok({ today, items });
}

/** The interpretations of one of this county's documents (withdrawn ones included, marked by status). */
export function interpretationsOf(deps: Pick<ServiceDeps, 'db' | 'county'>, documentId: string): Result<InterpretationLink[]> {
  const doc = deps.db
    .select({ id: infoRecords.id })
    .from(infoRecords)
    .where(and(eq(infoRecords.id, documentId), eq(infoRecords.countyCode, deps.county.code)))
    .get();
  if (!doc) return err(domainError('not_found', `信息 ${documentId} 不存在`));
  const rows = deps.db
    .select()
    .from(infoRecords)
    .where(and(eq(infoRecords.countyCode, deps.county.code), eq(infoRecords.interpretsRecordId, documentId)))
    .orderBy(asc(infoRecords.createdAt))
    .all()
    .map(toRecord);
  return ok(rows.map(linkOf));
}
