import { Injectable } from '@nestjs/common';

import { AutoIndicatorValuesDto, median } from '@cdlp/shared';
import { TenantDb } from '../core/database/tenant-db';

/**
 * STRAT-1: the indicators the portal computes from its own records, for any year or
 * period (inclusive). Requests and pathways keep their non-personal columns after the
 * DP-3 purge, so the figures survive it.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly db: TenantDb,
  ) {}

  async indicators(fromYear: number, toYear: number): Promise<AutoIndicatorValuesDto> {
    const dep = this.db.departement;
    const from = `${fromYear}-01-01`;
    const to = `${toYear}-12-31`;
    const paris = (col: string) => `(${col} AT TIME ZONE 'Europe/Paris')::date`;
    const [requests] = (await this.db.query(
      `SELECT count(*)::int AS n FROM psp_request
        WHERE departement_code = $1 AND submitted_at IS NOT NULL AND ${paris('submitted_at')} BETWEEN $2 AND $3`,
      [dep, from, to],
    )) as { n: number }[];
    const opinions = (await this.db.query(
      `SELECT opinion, (${paris('opinion_at')} - ${paris('completed_at')})::int AS days FROM psp_request
        WHERE departement_code = $1 AND opinion IS NOT NULL AND ${paris('opinion_at')} BETWEEN $2 AND $3`,
      [dep, from, to],
    )) as { opinion: string; days: number | null }[];
    const [active] = (await this.db.query(
      `SELECT count(DISTINCT p.id)::int AS n FROM pathway p JOIN pathway_period pp ON pp.pathway_id = p.id
        WHERE p.departement_code = $1 AND pp.start_date <= $3 AND pp.end_date >= $2
          AND (p.end_effective_date IS NULL OR p.end_effective_date >= $2)`,
      [dep, from, to],
    )) as { n: number }[];
    const [renewals] = (await this.db.query(
      `SELECT count(*)::int AS n FROM pathway_period pp JOIN pathway p ON p.id = pp.pathway_id
        WHERE p.departement_code = $1 AND pp.idx > 1 AND pp.start_date BETWEEN $2 AND $3`,
      [dep, from, to],
    )) as { n: number }[];
    const endings = (await this.db.query(
      `SELECT end_reason AS reason, count(*)::int AS n FROM pathway
        WHERE departement_code = $1 AND state = 'ENDED' AND end_effective_date BETWEEN $2 AND $3 GROUP BY end_reason`,
      [dep, from, to],
    )) as { reason: string; n: number }[];
    const favourable = opinions.filter((o) => o.opinion === 'FAVOURABLE').length;
    const days = opinions.map((o) => o.days).filter((d): d is number => d !== null);
    return {
      fromYear,
      toYear,
      values: {
        PSP_REQUESTS: requests.n,
        FAVOURABLE_SHARE: opinions.length ? Math.round((favourable / opinions.length) * 1000) / 10 : null,
        MEDIAN_DAYS_TO_OPINION: median(days),
        ACTIVE_PATHWAYS: active.n,
        RENEWALS: renewals.n,
        PATHWAY_ENDINGS: endings.reduce((s, e) => s + e.n, 0),
      },
      endingsByReason: Object.fromEntries(endings.map((e) => [e.reason, e.n])),
    };
  }
}
