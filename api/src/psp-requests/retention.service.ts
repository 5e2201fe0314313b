import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { addMonths, daysBetween, parisDate } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { ParametersService } from '../core/parameters/parameters.service';
import { PspRequestEntity } from './psp-request.entity';
import { TenantDb } from '../core/database/tenant-db';

export interface PurgeReport {
  requests: number;
  pathways: number;
  documents: number;
}

/**
 * DP-3: personal data is kept for a configurable time per record type, then deleted.
 * An anonymised statistic row is left behind so that yearly figures survive the purge.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly params: ParametersService,
    private readonly audit: AuditService,
  ) {}

  async purge(): Promise<PurgeReport> {
    const today = parisDate(this.clock.now());
    const withdrawnMonths = await this.params.get('retention.withdrawn_request_months', today);
    const decidedMonths = await this.params.get('retention.decided_request_months', today);
    const pathwayMonths = await this.params.get('retention.ended_pathway_months', today);
    return this.db.transaction(async (m) => {
      const report: PurgeReport = { requests: 0, pathways: 0, documents: 0 };
      // Requests that never led to a pathway: withdrawn, or refused by the préfet.
      const standalone: PspRequestEntity[] = await m
        .getRepository(PspRequestEntity)
        .createQueryBuilder('r')
        .where('r.purged_at IS NULL AND r.departement_code = :dep', { dep: this.db.departement })
        .andWhere(
          `((r.state = 'WITHDRAWN' AND (r.withdrawn_at AT TIME ZONE 'Europe/Paris')::date < :wLimit)
            OR (r.state = 'DECIDED' AND r.decision = 'REFUSED' AND r.kind = 'INITIAL'
                AND (r.decided_at AT TIME ZONE 'Europe/Paris')::date < :dLimit))`,
          { wLimit: addMonths(today, -withdrawnMonths), dLimit: addMonths(today, -decidedMonths) },
        )
        .getMany();
      for (const r of standalone) {
        report.documents += await this.purgeRequest(m, r, r.state === 'WITHDRAWN' ? 'WITHDRAWN' : 'REFUSED');
        report.requests++;
      }
      // Ended pathways, with every request that belongs to them.
      const pathways: { id: string; start_date: string; end_effective_date: string; end_reason: string; foreigner: boolean }[] =
        await m.query(
          `SELECT id, start_date::text, end_effective_date::text, end_reason, foreigner FROM pathway
            WHERE state = 'ENDED' AND purged_at IS NULL AND departement_code = $1 AND end_effective_date < $2`,
          [this.db.departement, addMonths(today, -pathwayMonths)],
        );
      for (const p of pathways) {
        const requests = await m
          .getRepository(PspRequestEntity)
          .createQueryBuilder('r')
          .where('r.purged_at IS NULL AND (r.pathway_id = :pid OR r.id = (SELECT initial_request_id FROM pathway WHERE id = :pid))', { pid: p.id })
          .getMany();
        for (const r of requests) {
          report.documents += await this.purgeRequest(m, r, r.decision ?? r.state);
          report.requests++;
        }
        await m.query(
          `INSERT INTO anonymised_statistic
             (record_type, departement_code, year, outcome, foreigner, pathway_months, end_reason, purged_at)
           VALUES ('PATHWAY', $1, $2, 'ENDED', $3, $4, $5, $6)`,
          [
            this.db.departement,
            Number(p.start_date.slice(0, 4)),
            p.foreigner,
            Math.round(daysBetween(p.start_date, p.end_effective_date) / 30.44),
            p.end_reason,
            this.clock.now(),
          ],
        );
        await m.query(
          `UPDATE pathway SET purged_at = $2, end_comment = NULL, residence_permit_valid_until = NULL WHERE id = $1`,
          [p.id, this.clock.now()],
        );
        report.pathways++;
      }
      await this.audit.record(m, {
        action: 'retention.purged',
        entityType: 'retention',
        actor: null,
        details: { ...report, rule: 'DP-3' },
      });
      return report;
    });
  }

  private async purgeRequest(m: EntityManager, r: PspRequestEntity, outcome: string): Promise<number> {
    const days =
      r.completedAt && r.opinionAt ? daysBetween(parisDate(r.completedAt), parisDate(r.opinionAt)) : null;
    await m.query(
      `INSERT INTO anonymised_statistic
         (record_type, departement_code, year, kind, outcome, age_band, nationality_group, foreigner,
          days_completion_to_opinion, purged_at)
       VALUES ('PSP_REQUEST', $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        r.departementCode,
        Number(parisDate(r.submittedAt ?? r.createdAt).slice(0, 4)),
        r.kind,
        outcome,
        r.ageBand,
        r.nationalityGroup,
        r.foreigner,
        days,
        this.clock.now(),
      ],
    );
    const docs: { count: string }[] = await m.query(
      `WITH d AS (UPDATE supporting_document SET content_enc = NULL, filename_enc = '\\x'::bytea
                   WHERE request_id = $1 AND (content_enc IS NOT NULL OR length(filename_enc) > 0) RETURNING 1)
       SELECT count(*)::text AS count FROM d`,
      [r.id],
    );
    await m.query(
      `UPDATE psp_request SET dossier_enc = NULL, withdrawn_reason_enc = NULL, nationality_waiver_reason_enc = NULL,
              purged_at = $2 WHERE id = $1`,
      [r.id, this.clock.now()],
    );
    return Number(docs[0].count);
  }
}
