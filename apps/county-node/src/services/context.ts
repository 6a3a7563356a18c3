import type { CountyDb } from '@zwgk/db/sqlite';
import type { County } from '../county.js';

/** What every service function needs; REST handlers and tRPC procedures pass the same object. */
export interface ServiceDeps {
  db: CountyDb;
  county: County;
  /** the county's Ed25519 private key (hex): outbox envelopes are signed when they are written */
  signingPrivateKey: string;
  /** the county's X25519 private key (hex): opens what the province portal sealed to this county */
  encryptionPrivateKey?: string;
  /** tells the relay that committed outbox rows are waiting */
  wake(): void;
  now?: () => Date;
}

/** A drizzle handle inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<CountyDb['transaction']>[0]>[0];

export const nowOf = (deps: Pick<ServiceDeps, 'now'>): Date => (deps.now ? deps.now() : new Date());
