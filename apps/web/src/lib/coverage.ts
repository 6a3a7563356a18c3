/**
 * How coverage figures look: the heat colour of a matrix cell and the words for each state.
 * Pure, so the thresholds are unit-tested. Every cell also shows its number: colour is never the
 * only carrier of the figure.
 */

/** Lower bounds of the heat levels, highest first: 100 % is level 5, ≥ 80 % level 4 … < 20 % level 0. */
export const HEAT_THRESHOLDS = [100, 80, 60, 40, 20] as const;

export type HeatLevel = 0 | 1 | 2 | 3 | 4 | 5;

/** The heat level of a coverage percentage; null (no standard items) has none. */
export function heatLevel(pct: number | null | undefined): HeatLevel | null {
  if (pct === null || pct === undefined || Number.isNaN(pct)) return null;
  for (let i = 0; i < HEAT_THRESHOLDS.length; i++) {
    if (pct >= HEAT_THRESHOLDS[i]!) return (5 - i) as HeatLevel;
  }
  return 0;
}

/** `heat-0` … `heat-5`, or `heat-none`, for the stylesheet (app.css). */
export const heatClass = (pct: number | null | undefined): string => {
  const l = heatLevel(pct);
  return l === null ? 'heat-none' : `heat-${l}`;
};

/** The legend under a matrix, from the thresholds. */
export const HEAT_LEGEND: { level: HeatLevel; label: string }[] = [
  { level: 5, label: '100%' },
  { level: 4, label: '80%–99.9%' },
  { level: 3, label: '60%–79.9%' },
  { level: 2, label: '40%–59.9%' },
  { level: 1, label: '20%–39.9%' },
  { level: 0, label: '20%以下' },
];

/** 66.7 → "66.7", 100 → "100", 0 → "0" (one decimal at most, as the hub rounds). */
export function formatPct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || Number.isNaN(pct)) return '—';
  const r = Math.round(pct * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export type CoverageState = 'adopted' | 'adapted' | 'notApplicable' | 'missing';

export const COVERAGE_STATE_NAMES: Record<CoverageState, string> = {
  adopted: '已采用',
  adapted: '已调整',
  notApplicable: '不适用',
  missing: '缺失',
};

export const COVERAGE_STATE_BADGE: Record<CoverageState, 'ok' | 'info' | 'neutral' | 'danger'> = {
  adopted: 'ok',
  adapted: 'info',
  notApplicable: 'neutral',
  missing: 'danger',
};

/**
 * A standard item's state in the county console (标准指引): what the county has done with it,
 * from its own items and declarations. Published or not: the county's working state counts here
 * (the province's coverage counts published versions only).
 */
export type CountyStandardState = 'adopted' | 'adapted' | 'notApplicable' | 'inReview' | 'uncovered';

export const COUNTY_STANDARD_STATE_NAMES: Record<CountyStandardState, string> = {
  adopted: '已采用',
  adapted: '已调整',
  notApplicable: '不适用',
  inReview: '审核中',
  uncovered: '未覆盖',
};

export const COUNTY_STANDARD_STATE_BADGE: Record<CountyStandardState, 'ok' | 'info' | 'neutral' | 'danger' | 'warn'> = {
  adopted: 'ok',
  adapted: 'ok',
  notApplicable: 'neutral',
  inReview: 'info',
  uncovered: 'danger',
};

/**
 * The state of one standard item in a county: an item in review wins (it is what is happening
 * now), then an adopted item, an adapted one, a not-applicable declaration; otherwise uncovered.
 */
export function countyStandardState(
  items: readonly { status: string; adoption: string }[],
  exempt: boolean,
): CountyStandardState {
  if (items.some((i) => i.status === 'submitted')) return 'inReview';
  if (items.some((i) => i.adoption === 'adopted')) return 'adopted';
  if (items.length) return 'adapted';
  if (exempt) return 'notApplicable';
  return 'uncovered';
}
