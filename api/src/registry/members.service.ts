import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  CreateMemberDto,
  EndMandateDto,
  MemberCategoryDto,
  MemberDto,
  PageDto,
  UpdateMemberDto,
  checkSubstitution,
  parisDate,
} from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { conflict, fieldErrors, notFound } from '../core/http/errors';
import { AssociationEntity } from './association.entity';
import { MemberCategoryEntity } from './member-category.entity';
import { MemberEntity } from './member.entity';
import { isActive, toMemberDto } from './registry.mapper';
import { TenantDb } from '../core/database/tenant-db';

export interface MemberListQuery {
  page: number;
  pageSize: number;
  search?: string;
  status: 'active' | 'ended' | 'all';
  categoryCode?: string;
  sort: 'lastName' | 'category' | 'termEnd';
  order: 'asc' | 'desc';
}

type FieldError = { field: string; message: string };

@Injectable()
export class MembersService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private today(): string {
    return parisDate(this.clock.now());
  }

  async categories(): Promise<MemberCategoryDto[]> {
    const rows = await this.db.getRepository(MemberCategoryEntity).find({ order: { sortOrder: 'ASC' } });
    return rows.map((c) => ({
      code: c.code,
      label: c.label,
      excludedFromPspByDefault: c.excludedFromPspByDefault,
      validFrom: c.validFrom,
      validTo: c.validTo,
    }));
  }

  async list(q: MemberListQuery): Promise<PageDto<MemberDto>> {
    const today = this.today();
    const qb = this.db
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .leftJoin(MemberCategoryEntity, 'c', 'c.code = m.category_code')
      .where('m.departement_code = :dep', { dep: this.db.departement });
    if (q.status === 'active') {
      qb.andWhere('(m.ended_at IS NULL OR m.ended_at > :today) AND (m.term_end IS NULL OR m.term_end >= :today)', {
        today,
      });
    } else if (q.status === 'ended') {
      qb.andWhere('NOT ((m.ended_at IS NULL OR m.ended_at > :today) AND (m.term_end IS NULL OR m.term_end >= :today))', {
        today,
      });
    }
    if (q.categoryCode) qb.andWhere('m.category_code = :cat', { cat: q.categoryCode });
    if (q.search?.trim()) {
      qb.andWhere(
        `(unaccent_ci(m.last_name) LIKE unaccent_ci(:s) OR unaccent_ci(m.first_name) LIKE unaccent_ci(:s)
          OR unaccent_ci(m.organisation) LIKE unaccent_ci(:s) OR unaccent_ci(m.function) LIKE unaccent_ci(:s))`,
        { s: `%${escapeLike(q.search.trim())}%` },
      );
    }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    if (q.sort === 'category') qb.orderBy('c.sort_order', dir).addOrderBy('m.last_name', 'ASC');
    else if (q.sort === 'termEnd') qb.orderBy('m.term_end', dir, 'NULLS LAST').addOrderBy('m.last_name', 'ASC');
    else qb.orderBy('m.last_name', dir).addOrderBy('m.first_name', dir);
    qb.addOrderBy('m.id', 'ASC');
    // offset/limit, not skip/take: the category join is many-to-one, and skip/take wraps the
    // query in a DISTINCT subquery that cannot order by the joined c.sort_order (500 on sort=category).
    const [rows, total] = await qb
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return { items: await this.toDtos(this.db.manager, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<MemberDto> {
    const m = await this.find(this.db.manager, id);
    return (await this.toDtos(this.db.manager, [m]))[0];
  }

  async create(dto: CreateMemberDto): Promise<MemberDto> {
    return this.db.transaction(async (em) => {
      const member = await this.insert(em, dto);
      return (await this.toDtos(em, [member]))[0];
    });
  }

  /** Used by create and by the CSV import (which runs every line in one transaction). */
  async insert(em: EntityManager, dto: CreateMemberDto, fieldPrefix = ''): Promise<MemberEntity> {
    const category = await this.checkInput(em, dto, null, fieldPrefix);
    const member = em.create(MemberEntity, {
      ...this.fields(dto),
      associationId: dto.associationId ?? null,
      departementCode: this.db.departement,
      excludedFromPsp: dto.excludedFromPsp ?? category.excludedFromPspByDefault,
      endedAt: null,
      endReason: null,
    });
    await em.save(member);
    await this.audit.record(em, {
      action: 'member.created',
      entityType: 'member',
      entityId: member.id,
      details: { categoryCode: member.categoryCode, seat: member.seat, titulaireId: member.titulaireId },
    });
    return member;
  }

  async update(id: string, dto: UpdateMemberDto): Promise<MemberDto> {
    return this.db.transaction(async (em) => {
      const member = await this.find(em, id, true);
      const category = await this.checkInput(em, dto, member, '');
      const changed = Object.entries(this.fields(dto))
        .filter(([k, v]) => (member as unknown as Record<string, unknown>)[k] !== v)
        .map(([k]) => k);
      if (dto.associationId !== undefined && dto.associationId !== member.associationId) changed.push('associationId');
      Object.assign(member, this.fields(dto), {
        excludedFromPsp: dto.excludedFromPsp ?? category.excludedFromPspByDefault,
        associationId: dto.associationId === undefined ? member.associationId : dto.associationId,
      });
      await em.save(member);
      await this.audit.record(em, {
        action: 'member.updated',
        entityType: 'member',
        entityId: member.id,
        details: { changedFields: changed },
      });
      return (await this.toDtos(em, [member]))[0];
    });
  }

  /** Ends a mandate. Nothing is deleted: the member stays in the history. */
  async end(id: string, dto: EndMandateDto): Promise<MemberDto> {
    return this.db.transaction(async (em) => {
      const member = await this.find(em, id, true);
      if (member.endedAt !== null) throw conflict('Le mandat de ce membre a déjà pris fin.');
      if (dto.endDate < member.termStart) {
        throw fieldErrors([{ field: 'endDate', message: 'La date de fin ne peut pas précéder le début du mandat.' }]);
      }
      member.endedAt = dto.endDate;
      member.endReason = dto.reason.trim();
      await em.save(member);
      await this.audit.record(em, {
        action: 'member.mandate_ended',
        entityType: 'member',
        entityId: member.id,
        details: { endDate: dto.endDate },
      });
      return (await this.toDtos(em, [member]))[0];
    });
  }

  private fields(dto: CreateMemberDto) {
    return {
      civility: dto.civility,
      firstName: dto.firstName.trim(),
      lastName: dto.lastName.trim(),
      categoryCode: dto.categoryCode,
      organisation: dto.organisation.trim(),
      function: dto.function.trim(),
      // A blank address is no address: convocations are then printed as a letter.
      email: dto.email?.trim().toLowerCase() || null,
      postalAddress: dto.postalAddress?.trim() || null,
      phone: dto.phone?.trim() || null,
      appointingOrderRef: dto.appointingOrderRef.trim(),
      termStart: dto.termStart,
      termEnd: dto.termEnd ?? null,
      votingRight: dto.votingRight,
      seat: dto.seat,
      appointmentKind: dto.appointmentKind,
      titulaireId: dto.seat === 'SUPPLEANT' ? (dto.titulaireId ?? null) : null,
    };
  }

  /** Domain checks beyond the DTO shape: category, term, MEMB-1 and duplicates. */
  private async checkInput(
    em: EntityManager,
    dto: CreateMemberDto,
    self: MemberEntity | null,
    prefix: string,
  ): Promise<MemberCategoryEntity> {
    const errors: FieldError[] = [];
    const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
    const category = await em.getRepository(MemberCategoryEntity).findOne({ where: { code: dto.categoryCode } });
    if (!category) {
      errors.push({ field: f('categoryCode'), message: `La catégorie « ${dto.categoryCode} » n'existe pas.` });
    } else if (category.validTo !== null && dto.termStart > category.validTo) {
      errors.push({ field: f('categoryCode'), message: `La catégorie « ${category.label} » n'est plus en vigueur.` });
    }
    if (dto.associationId) {
      // COMP-4 and TENANT-1: only an association of the département (row-level security, and said again).
      const found = await em
        .getRepository(AssociationEntity)
        .createQueryBuilder('a')
        .where('a.id = :id AND a.departement_code = :dep', { id: dto.associationId, dep: this.db.departement })
        .getCount();
      if (found === 0) {
        errors.push({ field: f('associationId'), message: "L'association représentée est introuvable dans ce département." });
      }
    }
    if (dto.termEnd && dto.termEnd < dto.termStart) {
      errors.push({ field: f('termEnd'), message: 'La fin du mandat ne peut pas précéder son début.' });
    }
    if (dto.seat === 'SUPPLEANT') {
      if (!dto.titulaireId) {
        errors.push({ field: f('titulaireId'), message: 'Un suppléant doit être rattaché à un titulaire (MEMB-1).' });
      } else {
        const titulaire = await em.getRepository(MemberEntity).findOne({ where: { id: dto.titulaireId } });
        if (!titulaire) {
          errors.push({ field: f('titulaireId'), message: 'Le titulaire suppléé est introuvable.' });
        } else {
          const today = this.today();
          const problems = checkSubstitution(
            {
              id: titulaire.id,
              seat: titulaire.seat,
              appointmentKind: titulaire.appointmentKind,
              categoryCode: titulaire.categoryCode,
              organisation: titulaire.organisation,
              active: isActive(titulaire.endedAt, titulaire.termEnd, today),
            },
            {
              id: self?.id ?? 'new',
              seat: dto.seat,
              appointmentKind: dto.appointmentKind,
              categoryCode: dto.categoryCode,
              organisation: dto.organisation,
              active: true,
            },
          );
          for (const message of problems) errors.push({ field: f('titulaireId'), message });
        }
      }
    }
    if (self && self.seat === 'TITULAIRE' && dto.seat === 'SUPPLEANT') {
      const subs = await em.getRepository(MemberEntity).count({ where: { titulaireId: self.id } });
      if (subs > 0) {
        errors.push({
          field: f('seat'),
          message: 'Ce titulaire a des suppléants : rattachez-les à un autre titulaire avant de changer son siège.',
        });
      }
    }
    const email = dto.email?.trim() || null;
    const dup =
      email === null
        ? 0
        : await em
            .getRepository(MemberEntity)
            .createQueryBuilder('m')
            .where('lower(m.email) = lower(:email) AND m.ended_at IS NULL AND m.departement_code = :dep', {
              email,
              dep: this.db.departement,
            })
            .andWhere(self ? 'm.id <> :id' : 'TRUE', { id: self?.id })
            .getCount();
    if (dup > 0) {
      errors.push({ field: f('email'), message: 'Un membre en fonction utilise déjà cette adresse électronique.' });
    }
    if (errors.length > 0 || !category) throw fieldErrors(errors);
    return category;
  }

  private async find(em: EntityManager, id: string, lock = false): Promise<MemberEntity> {
    const m = await em
      .getRepository(MemberEntity)
      .findOne({ where: { id, departementCode: this.db.departement }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    if (!m) throw notFound('Membre introuvable.');
    return m;
  }

  async toDtos(em: EntityManager, rows: MemberEntity[]): Promise<MemberDto[]> {
    if (rows.length === 0) return [];
    const today = this.today();
    const categories = new Map(
      (await em.getRepository(MemberCategoryEntity).find()).map((c) => [c.code, c.label] as const),
    );
    const titulaireIds = [...new Set(rows.map((r) => r.titulaireId).filter((x): x is string => !!x))];
    const titulaires = titulaireIds.length
      ? await em.getRepository(MemberEntity).find({ where: { id: In(titulaireIds) } })
      : [];
    const tNames = new Map(titulaires.map((t) => [t.id, `${t.firstName} ${t.lastName}`] as const));
    const subs = await em
      .getRepository(MemberEntity)
      .find({ where: { titulaireId: In(rows.map((r) => r.id)) }, order: { lastName: 'ASC' } });
    const associationIds = [...new Set(rows.map((r) => r.associationId).filter((x): x is string => !!x))];
    const associations = associationIds.length
      ? await em.getRepository(AssociationEntity).find({ where: { id: In(associationIds) } })
      : [];
    const aNames = new Map(associations.map((a) => [a.id, a.name] as const));
    return rows.map((m) =>
      toMemberDto(m, {
        associationName: m.associationId ? (aNames.get(m.associationId) ?? null) : null,
        categoryLabel: categories.get(m.categoryCode) ?? m.categoryCode,
        titulaireName: m.titulaireId ? (tNames.get(m.titulaireId) ?? null) : null,
        substituteIds: subs.filter((s) => s.titulaireId === m.id).map((s) => s.id),
        today,
      }),
    );
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
