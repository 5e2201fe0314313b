import { Injectable } from '@nestjs/common';
import { NationalStatisticsDto, formatDateTimeFr } from '@cdlp/shared';
import { renderXlsx } from '@cdlp/templates';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { DepartementEntity } from '../registry/departement.entity';
import { nationalStatisticsSheets } from './national-statistics.export';
import { StatisticRow, buildNationalStatistics } from './national-statistics.mapper';

/**
 * TENANT-1, PSP-4: the anonymised statistics of every département, for the national
 * supervision. The national scope sees no département's rows: one SECURITY DEFINER function
 * (migration 1765450000000) returns the aggregates of every département in one query. The
 * alternative, the same query in one scope per département, measured with 101 départements
 * and 12 000 requests (bench/national-statistics.bench.ts): 80–140 ms for the function,
 * 700–850 ms scope after scope, 480 ms 10 scopes at a time (holding the whole pool); and it
 * could not give the national median without handing every delay to the application.
 * Small counts are hidden before anything leaves (shared/src/rules/disclosure.ts).
 */
@Injectable()
export class NationalStatisticsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
  ) {}

  async forYear(year: number): Promise<NationalStatisticsDto> {
    const departements = await this.db.getRepository(DepartementEntity).find({ order: { code: 'ASC' } });
    const rows = await this.db.query<StatisticRow[]>(`SELECT * FROM cdlp_national_statistics($1)`, [year]);
    return buildNationalStatistics(year, departements, rows);
  }

  /** The same protected figures as a workbook: built from the DTO, so the file cannot show more than the page. */
  async xlsx(year: number): Promise<Buffer> {
    const dto = await this.forYear(year);
    const now = this.clock.now();
    return renderXlsx(nationalStatisticsSheets(dto, formatDateTimeFr(now)), {
      title: `Statistiques nationales des CDLP ${year}`,
      creator: 'Portail CDLP',
      created: now,
    });
  }
}
