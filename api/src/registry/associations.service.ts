import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AssociationDto,
  CreateAssociationDto,
  EndAssociationDto,
  PageDto,
  UpdateAssociationDto,
  approvalEndDate,
  parisDate,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { conflict, fieldErrors, notFound } from '../core/http/errors';
import { AssociationEntity } from './association.entity';
import { escapeLike } from './members.service';
import { toAssociationDto } from './registry.mapper';
import { TenantDb } from '../core/database/tenant-db';

export interface AssociationListQuery {
  page: number;
  pageSize: number;
  search?: string;
  status: 'active' | 'ended' | 'all';
  order: 'asc' | 'desc';
}

@Injectable()
export class AssociationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(q: AssociationListQuery): Promise<PageDto<AssociationDto>> {
    const today = parisDate(this.clock.now());
    const qb = this.db.getRepository(AssociationEntity).createQueryBuilder('a');
    if (q.status === 'active') qb.where('(a.ended_at IS NULL OR a.ended_at > :today)', { today });
    else if (q.status === 'ended') qb.where('a.ended_at IS NOT NULL AND a.ended_at <= :today', { today });
    if (q.search?.trim()) {
      qb.andWhere('unaccent_ci(a.name) LIKE unaccent_ci(:s)', { s: `%${escapeLike(q.search.trim())}%` });
    }
    qb.orderBy('a.name', q.order === 'desc' ? 'DESC' : 'ASC').addOrderBy('a.id', 'ASC');
    const [rows, total] = await qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const now = this.clock.now();
    return { items: rows.map((a) => toAssociationDto(a, now)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<AssociationDto> {
    return toAssociationDto(await this.find(this.db.manager, id), this.clock.now());
  }

  async create(dto: CreateAssociationDto): Promise<AssociationDto> {
    return this.db.transaction(async (em) => {
      await this.checkDepartements(em, dto.departementCodes);
      const a = em.create(AssociationEntity, { ...this.fields(dto), endedAt: null, endReason: null });
      await em.save(a);
      await this.audit.record(em, { action: 'association.created', entityType: 'association', entityId: a.id });
      return toAssociationDto(a, this.clock.now());
    });
  }

  async update(id: string, dto: UpdateAssociationDto): Promise<AssociationDto> {
    return this.db.transaction(async (em) => {
      const a = await this.find(em, id, true);
      await this.checkDepartements(em, dto.departementCodes);
      Object.assign(a, this.fields(dto));
      await em.save(a);
      await this.audit.record(em, { action: 'association.updated', entityType: 'association', entityId: a.id });
      return toAssociationDto(a, this.clock.now());
    });
  }

  async end(id: string, dto: EndAssociationDto): Promise<AssociationDto> {
    return this.db.transaction(async (em) => {
      const a = await this.find(em, id, true);
      if (a.endedAt !== null) throw conflict("L'agrément de cette association a déjà pris fin.");
      if (dto.endDate < a.approvalStart) {
        throw fieldErrors([{ field: 'endDate', message: "La date de fin ne peut pas précéder le début de l'agrément." }]);
      }
      a.endedAt = dto.endDate;
      a.endReason = dto.reason.trim();
      await em.save(a);
      await this.audit.record(em, {
        action: 'association.approval_ended',
        entityType: 'association',
        entityId: a.id,
        details: { endDate: dto.endDate },
      });
      return toAssociationDto(a, this.clock.now());
    });
  }

  private fields(dto: CreateAssociationDto) {
    return {
      name: dto.name.trim(),
      email: dto.email.trim().toLowerCase(),
      phone: dto.phone?.trim() || null,
      address: dto.address?.trim() || null,
      approvalOrderRef: dto.approvalOrderRef.trim(),
      approvalStart: dto.approvalStart,
      // PSP-2: the approval is valid for 3 years; its end is computed, never typed.
      approvalEnd: approvalEndDate(dto.approvalStart),
      departementCodes: [...new Set(dto.departementCodes)].sort(),
    };
  }

  private async checkDepartements(em: EntityManager, codes: string[]): Promise<void> {
    const rows: { code: string }[] = await em.query(`SELECT code FROM departement WHERE code = ANY($1)`, [codes]);
    const known = new Set(rows.map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    // Associations may be approved for neighbouring départements the portal does not host:
    // only the format is checked (by the DTO), but at least one covered département must be known.
    if (known.size === 0) {
      throw fieldErrors([
        {
          field: 'departementCodes',
          message: `L'agrément doit couvrir au moins un département géré par le portail (reçu : ${unknown.join(', ')}).`,
        },
      ]);
    }
  }

  private async find(em: EntityManager, id: string, lock = false): Promise<AssociationEntity> {
    const a = await em
      .getRepository(AssociationEntity)
      .findOne({ where: { id }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!a) throw notFound('Association introuvable.');
    return a;
  }
}
