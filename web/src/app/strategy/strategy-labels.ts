import {
  parisDate,
  STRATEGY_STATE_LABELS,
  type AxisRefDto,
  type FollowUpDto,
  type RecommendationPlanDto,
  type RecommendationRefDto,
  type ActionStatus,
  type StrategyActionDto,
  type StrategyContentDto,
  type StrategyListItemDto,
  type StrategyDto,
  type StrategyIndicatorDto,
  type StrategyReferenceDto,
  type StrategyState,
} from '@cdlp/shared';

const STATE_BADGES: Record<StrategyState, string> = {
  DRAFT: 'fr-badge--info',
  ON_AGENDA: 'fr-badge--new',
  ADOPTED: 'fr-badge--success',
  SIGNED: 'fr-badge--success',
};

/** Short state labels for badges ("Adoptée"); the long ones come from STRATEGY_STATE_LABELS. */
const SHORT_LABELS: Record<StrategyState, string> = {
  DRAFT: 'En cours de rédaction',
  ON_AGENDA: "Inscrite à l'ordre du jour",
  ADOPTED: 'Adoptée',
  SIGNED: 'Signée',
};

export function strategyStateBadge(state: StrategyState): string {
  return STATE_BADGES[state];
}

export function strategyStateLabel(state: StrategyState): string {
  return SHORT_LABELS[state];
}

export function strategyStateLongLabel(state: StrategyState): string {
  return STRATEGY_STATE_LABELS[state];
}

export function strategyTitle(s: Pick<StrategyListItemDto, 'title' | 'periodStart' | 'periodEnd'>): string {
  return `${s.title} ${s.periodStart}-${s.periodEnd}`;
}

/** The current year in Paris. */
export function currentYear(now: Date = new Date()): number {
  return Number(parisDate(now).slice(0, 4));
}

/** Years from `from` to `to`, both included. */
export function yearRange(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

/** The follow-up year shown first: the current year when it falls in the period, else the nearest end. */
export function defaultYear(
  s: Pick<StrategyListItemDto, 'periodStart' | 'periodEnd'>,
  now: Date = new Date(),
): number {
  const y = currentYear(now);
  return Math.min(Math.max(y, s.periodStart), s.periodEnd);
}

/** A random UUID v4: the stable key of an action, an indicator or a key figure. */
export function newKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function allRecommendations(reference: StrategyReferenceDto): RecommendationRefDto[] {
  return reference.axes.flatMap((a) => a.recommendations);
}

export function findRecommendation(reference: StrategyReferenceDto, n: number): RecommendationRefDto | null {
  return allRecommendations(reference).find((r) => r.number === n) ?? null;
}

export function axisOf(reference: StrategyReferenceDto, n: number): AxisRefDto | null {
  return reference.axes.find((a) => a.recommendations.some((r) => r.number === n)) ?? null;
}

/** The plan of a recommendation, or an empty one when the version has none. */
export function planOf(content: StrategyContentDto, n: number): RecommendationPlanDto {
  return (
    content.recommendations.find((r) => r.recommendationNumber === n) ?? {
      recommendationNumber: n,
      findings: '',
      priority: null,
      actions: [],
      indicators: [],
    }
  );
}

/** The content with one recommendation's plan replaced (added when missing), the rest untouched. */
export function withPlan(content: StrategyContentDto, plan: RecommendationPlanDto): StrategyContentDto {
  const exists = content.recommendations.some((r) => r.recommendationNumber === plan.recommendationNumber);
  const recommendations = exists
    ? content.recommendations.map((r) => (r.recommendationNumber === plan.recommendationNumber ? plan : r))
    : [...content.recommendations, plan].sort((a, b) => a.recommendationNumber - b.recommendationNumber);
  return { ...content, recommendations };
}

export interface AxisProgress {
  number: number;
  title: string;
  recommendations: number;
  actions: number;
  done: number;
  inProgress: number;
  late: number;
}

/** The follow-up of a year, summed per axis of the reference (dashboard tiles). */
export function axisProgress(reference: StrategyReferenceDto, followUp: FollowUpDto): AxisProgress[] {
  return reference.axes.map((axis) => {
    const recs = followUp.recommendations.filter((r) => r.axisNumber === axis.number);
    return {
      number: axis.number,
      title: axis.title,
      recommendations: axis.recommendations.length,
      actions: recs.reduce((n, r) => n + r.actions, 0),
      done: recs.reduce((n, r) => n + r.done, 0),
      inProgress: recs.reduce((n, r) => n + r.inProgress, 0),
      late: recs.reduce((n, r) => n + r.late, 0),
    };
  });
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** 12500 → "12 500" (narrow no-break spaces as the French locale writes them). */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : numberFormat.format(value);
}

/** A value with its unit: "30 jours", "45 %". */
export function withUnit(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/** "12,5", "12.5", "12 500" → 12.5 / 12500; empty → null; anything else → NaN. */
export function parseNumber(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  if (typeof text === 'number') return text;
  const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (clean === '') return null;
  return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : Number.NaN;
}

/** "actions" with the French plural: 0 and 1 are singular. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** The status of an action as followed up this year, or as written in the strategy. */
export function actionStatusOf(
  s: Pick<StrategyDto, 'actionStatus'>,
  a: Pick<StrategyActionDto, 'key' | 'status'>,
): ActionStatus {
  return (s.actionStatus as Partial<Record<string, ActionStatus>>)[a.key] ?? a.status;
}

/** The value entered (or computed) for an indicator in a year; null when there is none. */
export function indicatorValue(s: StrategyDto, i: StrategyIndicatorDto, year: number): number | null {
  return s.indicatorValues[i.key]?.[String(year)] ?? null;
}
