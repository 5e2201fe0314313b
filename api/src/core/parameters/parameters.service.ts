import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TenantDb } from '../database/tenant-db';

export type ParameterKey =
  | 'afis.monthly_base'
  | 'afis.per_child'
  | 'pathway.period_months'
  | 'pathway.max_total_months'
  | 'pathway.expiry_alert_days'
  | 'approval.years'
  | 'retention.withdrawn_request_months'
  | 'retention.decided_request_months'
  | 'retention.ended_pathway_months'
  | 'convocation.min_days'
  | 'convocation.reminder_days'
  | 'agenda.reactivity_days'
  | 'quorum.exclude_excluded_from_base'
  | 'written.default_duration_days'
  | 'written.min_duration_hours'
  | 'vote.abstentions_counted'
  | 'written.allow_physical_request';

/** Dated parameters: the value in force on a date is the one with the latest valid_from not after it. */
@Injectable()
export class ParametersService {
  constructor(private readonly db: TenantDb) {}

  async get(key: ParameterKey, onDate: string, manager?: EntityManager): Promise<number> {
    const m = manager ?? this.db.manager;
    const rows: { value: string }[] = await m.query(
      `SELECT value FROM parameter WHERE key = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1`,
      [key, onDate],
    );
    if (rows.length === 0) throw new Error(`Parameter ${key} has no value on ${onDate}`);
    return Number(rows[0].value);
  }
}
