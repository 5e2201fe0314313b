import { addDays, addMonths, daysBetween } from './dates';

/** PSP-6: a pathway is granted by periods of 6 months, 24 months at most in total. Dated configuration. */
export interface PathwayLimits {
  periodMonths: number;
  maxTotalMonths: number;
}

export const DEFAULT_PATHWAY_LIMITS: PathwayLimits = { periodMonths: 6, maxTotalMonths: 24 };

export interface PeriodDates {
  startDate: string;
  endDate: string;
}

/**
 * A period starting on `start` ends the day before the same date `months` later. When that date
 * does not exist (31 August + 6 months), the period runs to the last day of the month, as an
 * approval starting on 29 February does (approvalEndDate): addMonths clamps to that last day.
 */
export function periodEnd(start: string, months: number): string {
  const anniversary = addMonths(start, months);
  const clamped = anniversary.slice(8) !== start.slice(8);
  return clamped ? anniversary : addDays(anniversary, -1);
}

export function firstPeriod(startDate: string, limits: PathwayLimits = DEFAULT_PATHWAY_LIMITS): PeriodDates {
  return { startDate, endDate: periodEnd(startDate, limits.periodMonths) };
}

export type RenewalCheck = { allowed: true; next: PeriodDates } | { allowed: false; reason: string };

/**
 * PSP-6: the next period follows the current one; it is refused when the total
 * would pass the limit.
 */
export function checkRenewal(
  periods: readonly PeriodDates[],
  limits: PathwayLimits = DEFAULT_PATHWAY_LIMITS,
): RenewalCheck {
  if (periods.length === 0) return { allowed: false, reason: "Le parcours n'a pas encore de période." };
  const total = periods.length * limits.periodMonths;
  if (total + limits.periodMonths > limits.maxTotalMonths) {
    return {
      allowed: false,
      reason: `Renouvellement impossible : le parcours atteindrait ${total + limits.periodMonths} mois, au-delà de la durée maximale de ${limits.maxTotalMonths} mois (PSP-6).`,
    };
  }
  const last = periods[periods.length - 1];
  const start = addDays(last.endDate, 1);
  return { allowed: true, next: { startDate: start, endDate: periodEnd(start, limits.periodMonths) } };
}

export function totalMonths(periods: readonly PeriodDates[], limits: PathwayLimits = DEFAULT_PATHWAY_LIMITS): number {
  return periods.length * limits.periodMonths;
}

/** PSP-6: the expiry alert is due `alertDays` before the end of the current period. */
export function isExpiryAlertDue(currentPeriodEnd: string, today: string, alertDays: number): boolean {
  const days = daysBetween(today, currentPeriodEnd);
  return days >= 0 && days <= alertDays;
}

/** AFIS-1: monthly allowance for a person with `children` children, from dated amounts. */
export function afisMonthlyAmount(base: number, perChild: number, children: number): number {
  return Math.round((base + perChild * Math.max(0, children)) * 100) / 100;
}
