import { type Result, domainError, err, ok, reviewingCityCode } from '@zwgk/core';
import type { HubRole } from '@zwgk/db/pg';
import type { Viewer } from '../deps.js';

export function requireViewer(viewer: Viewer | null): Result<Viewer> {
  return viewer ? ok(viewer) : err(domainError('unauthorized', '请先登录'));
}

export function requireRole(viewer: Viewer | null, ...roles: HubRole[]): Result<Viewer> {
  if (!viewer) return err(domainError('unauthorized', '请先登录'));
  if (!roles.includes(viewer.role)) return err(domainError('forbidden', '当前账号无权进行此操作'));
  return ok(viewer);
}

/**
 * Whether a city reviewer oversees a county: the county's reviewing city is its own. 辛集 and
 * 定州 are reviewed by the province directly, so no city reviewer oversees them.
 */
export const reviews = (viewer: Viewer, countyCode: string): boolean =>
  viewer.role === 'province_admin' ||
  (viewer.role === 'city_reviewer' && viewer.cityCode !== null && reviewingCityCode(countyCode) === viewer.cityCode);
