import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout, one line per event. */
export const createLogger = (name: string, level = 'info'): Logger =>
  pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });

export type { Logger };
