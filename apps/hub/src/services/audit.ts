import { type HubDbOrTx, auditLog } from '@zwgk/db/pg';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** Pass the transaction that makes the change, so the change and its audit row commit together. */
export async function audit(tx: HubDbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? null });
}
