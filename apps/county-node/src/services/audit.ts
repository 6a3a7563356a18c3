import { auditLog } from '@zwgk/db/sqlite';
import type { Tx } from './context.js';

export interface AuditEntry {
  at: string;
  /** a username, or 'system' for the CLI and the federation consumer */
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

export function writeAudit(tx: Tx, e: AuditEntry): void {
  tx.insert(auditLog)
    .values({ ...e, details: e.details ?? null })
    .run();
}
