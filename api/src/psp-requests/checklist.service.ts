import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ChecklistItem,
  ChecklistItemDto,
  CreateChecklistItemDto,
  PspRequestKind,
  UpdateChecklistItemDto,
  addDays,
  checklistCodeFromLabel,
  parisDate,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { conflict, fieldError, notFound } from '../core/http/errors';
import { ChecklistItemEntity } from './checklist-item.entity';
import { TenantDb } from '../core/database/tenant-db';

export function toChecklistDto(e: ChecklistItemEntity): ChecklistItemDto {
  return {
    id: e.id,
    kind: e.kind,
    code: e.code,
    label: e.label,
    required: e.required,
    oneOf: e.oneOf,
    maxAgeMonths: e.maxAgeMonths,
    expiredNeedsSecondDocument: e.expiredNeedsSecond,
    neverRequiredReason: e.neverRequiredReason,
    alternative: e.alternative,
    sortOrder: e.sortOrder,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}

/** PSP-3: the checklist is dated configuration. An edit closes the old version and opens a new one. */
@Injectable()
export class ChecklistService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The items in force on a date, for a kind of request. */
  async inForce(
    kind: PspRequestKind,
    onDate: string,
    manager?: EntityManager,
  ): Promise<ChecklistItemEntity[]> {
    return (manager ?? this.db.manager)
      .getRepository(ChecklistItemEntity)
      .createQueryBuilder('c')
      .where('c.kind = :kind AND c.valid_from <= :d AND (c.valid_to IS NULL OR c.valid_to >= :d)', {
        kind,
        d: onDate,
      })
      .orderBy('c.sort_order', 'ASC')
      .getMany();
  }

  async list(kind: PspRequestKind | undefined, includeHistory: boolean): Promise<ChecklistItemDto[]> {
    const qb = this.db.getRepository(ChecklistItemEntity).createQueryBuilder('c');
    if (kind) qb.andWhere('c.kind = :kind', { kind });
    if (!includeHistory) {
      // Parenthesised: andWhere does not isolate its condition from the kind filter.
      qb.andWhere('(c.valid_to IS NULL OR c.valid_to >= :today)', { today: parisDate(this.clock.now()) });
    }
    const rows = await qb.orderBy('c.kind').addOrderBy('c.sort_order').addOrderBy('c.valid_from').getMany();
    return rows.map(toChecklistDto);
  }

  /** PSP-3: a new piece, at the end of the kind's list, from today or a later day (the past is not rewritten). */
  async create(dto: CreateChecklistItemDto): Promise<ChecklistItemDto> {
    const today = parisDate(this.clock.now());
    if (dto.validFrom < today) {
      throw fieldError('validFrom', `La date d'effet ne peut pas être passée (au plus tôt le ${today}).`);
    }
    return this.db.transaction(async (m) => {
      // One writer per kind at a time: the sort order and the code are chosen from the kind's rows.
      await m.query(
        `SELECT pg_advisory_xact_lock(hashtext('psp_checklist:' || current_setting('app.departement') || $1))`,
        [dto.kind],
      );
      const rows: { code: string; sort_order: number }[] = await m.query(
        `SELECT code, sort_order FROM psp_checklist_item WHERE kind = $1`,
        [dto.kind],
      );
      const base = checklistCodeFromLabel(dto.label);
      let code = base;
      for (let n = 2; rows.some((r) => r.code === code); n++) code = `${base}_${n}`;
      const item = m.create(ChecklistItemEntity, {
        kind: dto.kind,
        code,
        label: dto.label.trim(),
        required: dto.required,
        oneOf: [],
        maxAgeMonths: dto.maxAgeMonths ?? null,
        expiredNeedsSecond: false,
        neverRequiredReason: null,
        alternative: null,
        sortOrder: Math.max(0, ...rows.map((r) => r.sort_order)) + 1,
        validFrom: dto.validFrom,
        validTo: null,
      });
      await m.save(item);
      await this.audit.record(m, {
        action: 'psp_checklist.item_added',
        entityType: 'psp_checklist_item',
        entityId: item.id,
        details: { code, kind: item.kind, validFrom: item.validFrom, required: item.required, rule: 'PSP-3' },
      });
      return toChecklistDto(item);
    });
  }

  async update(id: string, dto: UpdateChecklistItemDto): Promise<ChecklistItemDto> {
    return this.db.transaction(async (m) => {
      const current = await m
        .getRepository(ChecklistItemEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('Pièce de la liste introuvable.');
      if (current.validTo !== null)
        throw conflict('Cette version de la pièce est close : modifiez la version en vigueur.');
      if (dto.validFrom <= current.validFrom) {
        throw fieldError('validFrom', `La date d'effet doit être postérieure au ${current.validFrom}.`);
      }
      // The past is never rewritten: a request keeps the checklist of its own date.
      const today = parisDate(this.clock.now());
      if (dto.validFrom < today) {
        throw fieldError('validFrom', `La date d'effet ne peut pas être passée (au plus tôt le ${today}).`);
      }
      if (current.neverRequiredReason !== null && dto.required) {
        // PSP-3b: a police complaint can never be made compulsory.
        throw fieldError(
          'required',
          `Cette pièce ne peut jamais être exigée (${current.neverRequiredReason}, PSP-3b).`,
        );
      }
      current.validTo = addDays(dto.validFrom, -1);
      await m.save(current);
      const next = m.create(ChecklistItemEntity, {
        kind: current.kind,
        code: current.code,
        label: dto.label.trim(),
        required: dto.required,
        oneOf: current.oneOf,
        maxAgeMonths: dto.maxAgeMonths === undefined ? current.maxAgeMonths : dto.maxAgeMonths,
        expiredNeedsSecond: current.expiredNeedsSecond,
        neverRequiredReason: current.neverRequiredReason,
        alternative: current.alternative,
        sortOrder: current.sortOrder,
        validFrom: dto.validFrom,
        validTo: null,
      });
      await m.save(next);
      await this.audit.record(m, {
        action: 'psp_checklist.updated',
        entityType: 'psp_checklist_item',
        entityId: next.id,
        details: {
          code: next.code,
          kind: next.kind,
          previousId: current.id,
          validFrom: next.validFrom,
          required: next.required,
        },
      });
      return toChecklistDto(next);
    });
  }
}

export function toRuleItem(e: ChecklistItemEntity): ChecklistItem {
  return {
    code: e.code,
    label: e.label,
    required: e.required,
    oneOf: e.oneOf,
    maxAgeMonths: e.maxAgeMonths,
    expiredNeedsSecondDocument: e.expiredNeedsSecond,
    neverRequiredReason: e.neverRequiredReason,
  };
}
