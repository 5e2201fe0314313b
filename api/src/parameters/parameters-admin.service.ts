import { Injectable } from '@nestjs/common';
import {
  CreateParameterValueDto,
  PARAMETER_SPECS,
  ParameterDto,
  ParameterSpec,
  parameterSpec,
  parameterValueError,
  parisDate,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { ParametersService } from '../core/parameters/parameters.service';

interface Row {
  key: string;
  valid_from: string;
  value: string;
  description: string;
}

/** The dated values of one parameter (latest first) as the screen shows them, given today. */
export function toParameterDto(
  spec: ParameterSpec,
  rows: readonly Row[],
  today: string,
): ParameterDto | null {
  const mine = rows
    .filter((r) => r.key === spec.key)
    .sort((a, b) => b.valid_from.localeCompare(a.valid_from));
  const current = mine.find((r) => r.valid_from <= today);
  if (!current) return null;
  return {
    ...spec,
    description: current.description,
    currentValue: Number(current.value),
    history: mine.map((r) => ({ validFrom: r.valid_from, value: Number(r.value), current: r === current })),
  };
}

/**
 * The secretariat's and the administrator's view of the dated parameters (AFIS-1, PSP-6, CONV-2,
 * QUOR-3, VOTE-1…). A change is a new dated value from today or later: the past is never
 * rewritten, and a value already in force is never modified; a value scheduled for a later day
 * may be replaced until that day.
 */
@Injectable()
export class ParametersAdminService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly parameters: ParametersService,
  ) {}

  async list(): Promise<ParameterDto[]> {
    const rows: Row[] = await this.db.manager.query(
      `SELECT key, valid_from::text AS valid_from, value::text AS value, description FROM parameter ORDER BY key, valid_from DESC`,
    );
    const today = parisDate(this.clock.now());
    return PARAMETER_SPECS.map((s) => toParameterDto(s, rows, today)).filter(
      (p): p is ParameterDto => p !== null,
    );
  }

  async addValue(key: string, dto: CreateParameterValueDto): Promise<ParameterDto> {
    const spec = parameterSpec(key);
    if (!spec) throw notFound('Paramètre inconnu.');
    const invalid = parameterValueError(spec, dto.value);
    if (invalid) throw fieldError('value', invalid);
    const today = parisDate(this.clock.now());
    if (dto.validFrom < today) {
      throw fieldError(
        'validFrom',
        `La date d’effet ne peut pas être passée (au plus tôt le ${today}) : le passé n’est jamais réécrit.`,
      );
    }
    return this.db.transaction(async (m) => {
      // One writer per parameter at a time (the rows of the key, locked).
      const rows: Row[] = await m.query(
        `SELECT key, valid_from::text AS valid_from, value::text AS value, description FROM parameter
          WHERE key = $1 ORDER BY valid_from DESC FOR UPDATE`,
        [key],
      );
      if (rows.length === 0) throw notFound('Ce paramètre n’a pas de valeur dans ce département.');
      const same = rows.find((r) => r.valid_from === dto.validFrom);
      if (same && same.valid_from <= today) {
        throw conflict(
          `Une valeur est déjà en vigueur depuis le ${same.valid_from} : elle ne peut plus être modifiée.`,
        );
      }
      if (same) {
        await m.query(`UPDATE parameter SET value = $3 WHERE key = $1 AND valid_from = $2`, [
          key,
          dto.validFrom,
          dto.value,
        ]);
      } else {
        await m.query(`INSERT INTO parameter (key, valid_from, value, description) VALUES ($1, $2, $3, $4)`, [
          key,
          dto.validFrom,
          dto.value,
          rows[0].description,
        ]);
      }
      await this.audit.record(m, {
        action: same ? 'parameter.scheduled_value_replaced' : 'parameter.value_added',
        entityType: 'parameter',
        entityId: key,
        details: {
          key,
          validFrom: dto.validFrom,
          value: dto.value,
          previousValue: same ? Number(same.value) : null,
          rule: spec.rule,
        },
      });
      // The memoised reads of this transaction must see the new value.
      this.parameters.forget(m);
      const after: Row[] = await m.query(
        `SELECT key, valid_from::text AS valid_from, value::text AS value, description FROM parameter WHERE key = $1`,
        [key],
      );
      return toParameterDto(spec, after, today) as ParameterDto;
    });
  }
}
