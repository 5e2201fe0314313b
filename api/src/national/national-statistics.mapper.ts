import {
  DepartementStatisticsDto,
  NationalStatisticsDto,
  PATHWAY_END_REASONS,
  PathwayEndReason,
  STATISTICS_DISCLOSURE_NOTE,
  STATISTICS_THRESHOLD,
  StatisticCellDto,
  StatisticsFiguresDto,
  protectColumn,
  protectMedian,
} from '@cdlp/shared';

/** One row of cdlp_national_statistics(year): a count or a median, per département (NULL: national median). */
export interface StatisticRow {
  departement_code: string | null;
  metric: string;
  value: string | number;
  sample: number | null;
}

type CountField = Exclude<keyof StatisticsFiguresDto, 'medianDaysCompleteToOpinion' | 'pathwayEndings'>;

const COUNTS: Record<CountField, string> = {
  requestsInitial: 'REQUESTS_INITIAL',
  requestsRenewal: 'REQUESTS_RENEWAL',
  opinionsFavourable: 'OPINIONS_FAVOURABLE',
  opinionsUnfavourable: 'OPINIONS_UNFAVOURABLE',
  decisionsAuthorised: 'DECISIONS_AUTHORISED',
  decisionsRefused: 'DECISIONS_REFUSED',
  activePathways: 'ACTIVE_PATHWAYS',
  sittingsHeld: 'SITTINGS_HELD',
  purgedRequests: 'PURGED_PSP_REQUEST',
  purgedPathways: 'PURGED_PATHWAY',
};

/**
 * Builds the national statistics from the aggregates: every département of the instance
 * (a département without any figure has zeros), each column protected by
 * shared/src/rules/disclosure.ts, and the totals (the national median over every opinion).
 */
export function buildNationalStatistics(
  year: number,
  departements: { code: string; name: string; active: boolean }[],
  rows: StatisticRow[],
  threshold = STATISTICS_THRESHOLD,
): NationalStatisticsDto {
  const index = new Map(rows.map((r) => [`${r.departement_code ?? ''}|${r.metric}`, r]));
  const value = (code: string | null, metric: string) => {
    const row = index.get(`${code ?? ''}|${metric}`);
    return row ? { value: Number(row.value), sample: row.sample ?? 0 } : null;
  };
  const column = (metric: string) => protectColumn(departements.map((d) => value(d.code, metric)?.value ?? 0), threshold);
  const counts = Object.fromEntries(Object.entries(COUNTS).map(([field, metric]) => [field, column(metric)])) as Record<
    CountField,
    ReturnType<typeof protectColumn>
  >;
  const endings = Object.fromEntries(PATHWAY_END_REASONS.map((r) => [r, column(`ENDINGS_${r}`)])) as Record<
    PathwayEndReason,
    ReturnType<typeof protectColumn>
  >;
  const median = (code: string | null): StatisticCellDto => {
    const m = value(code, 'MEDIAN_DAYS_TO_OPINION');
    return protectMedian(m?.value ?? null, m?.sample ?? 0, threshold);
  };
  const figures = (pick: (c: ReturnType<typeof protectColumn>) => StatisticCellDto, code: string | null): StatisticsFiguresDto => ({
    ...(Object.fromEntries(Object.keys(COUNTS).map((f) => [f, pick(counts[f as CountField])])) as Record<CountField, StatisticCellDto>),
    medianDaysCompleteToOpinion: median(code),
    pathwayEndings: Object.fromEntries(PATHWAY_END_REASONS.map((r) => [r, pick(endings[r])])) as Record<PathwayEndReason, StatisticCellDto>,
  });
  return {
    year,
    threshold,
    departements: departements.map(
      (d, i): DepartementStatisticsDto => ({ code: d.code, name: d.name, active: d.active, ...figures((c) => c.cells[i], d.code) }),
    ),
    total: figures((c) => c.total, null),
    disclosureNote: STATISTICS_DISCLOSURE_NOTE,
  };
}
