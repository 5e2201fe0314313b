import {
  NATIONAL_STATISTIC_COLUMNS,
  type DepartementStatisticsDto,
  type StatisticCellDto,
  type StatisticColumn,
} from '@cdlp/shared';
import type { SortOrder } from '../ui/query-params';

/** The sort keys of the statistics table: the département (code or name) or one of its figures. */
export const STATISTICS_SORT_KEYS = [
  'code',
  'name',
  ...NATIONAL_STATISTIC_COLUMNS.map((c) => c.key),
] as const;

/** The figures a chart may draw, the PSP-4 median first (the key measure of the national supervision). */
export const CHART_KEYS = NATIONAL_STATISTIC_COLUMNS.map((c) => c.key);
export const DEFAULT_CHART = 'medianDaysCompleteToOpinion';

export function statisticColumn(key: string): StatisticColumn | null {
  return NATIONAL_STATISTIC_COLUMNS.find((c) => c.key === key) ?? null;
}

/** A shown figure, or null when it is hidden (« < 5 ») or there is none (« — »). */
export function knownValue(cell: StatisticCellDto): number | null {
  return cell.suppressed ? null : cell.value;
}

/** "Avis favorables" -> "avis favorables", keeping acronyms (PSP-4) as written. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Sorts the départements by a column. A hidden figure may stand for any value (the secondary
 * suppression hides counts of 5 and more too), so hidden and missing figures come last in both
 * orders rather than being placed by a guess; ties keep the order of the codes.
 */
export function sortStatistics(
  rows: readonly DepartementStatisticsDto[],
  sort: string,
  order: SortOrder,
): DepartementStatisticsDto[] {
  const sign = order === 'asc' ? 1 : -1;
  const byCode = (a: DepartementStatisticsDto, b: DepartementStatisticsDto) => a.code.localeCompare(b.code);
  if (sort === 'code') return [...rows].sort((a, b) => sign * byCode(a, b));
  if (sort === 'name')
    return [...rows].sort((a, b) => sign * a.name.localeCompare(b.name, 'fr') || byCode(a, b));
  const column = statisticColumn(sort);
  if (!column) return [...rows].sort(byCode);
  return [...rows].sort((a, b) => {
    const x = knownValue(column.pick(a));
    const y = knownValue(column.pick(b));
    if (x === null || y === null) return x === y ? byCode(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byCode(a, b);
  });
}
