import type { Context } from 'hono';
import { Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests that build several apps in one process don't collide. */
export function createRegistry(prefix: string, withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: `${prefix}_` });
  return registry;
}

export const metricsHandler = (registry: Registry) => async (c: Context) =>
  c.text(await registry.metrics(), 200, { 'content-type': registry.contentType });
