import { BadRequestException, Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { NationalDepartementDto, OpenDepartementDto, UpdateDepartementDto, isDepartementCode } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { conflict, notFound } from '../core/http/errors';
import { DepartementEntity } from '../registry/departement.entity';
import { UsersService } from '../users/users.service';
import { AccountCountRow, toNationalDepartementDto } from './national.mapper';

/** The fields of the first account, as the open form names them. */
const ACCOUNT_FIELDS: Record<string, string> = {
  email: 'secretariatEmail',
  firstName: 'secretariatFirstName',
  lastName: 'secretariatLastName',
};

/**
 * TENANT-1: the départements of the national instance, for the national administration.
 * The registry of départements is a national table; the accounts of each are counted by a
 * SECURITY DEFINER function (counts only). Opening a département writes, in one transaction,
 * the département, its configuration (the national defaults), its first secretariat account
 * with its activation e-mail, and an audit row in its chain and in the national one.
 */
@Injectable()
export class NationalDepartementsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<NationalDepartementDto[]> {
    const deps = await this.db.getRepository(DepartementEntity).find({ order: { code: 'ASC' } });
    const counts = await this.db.query<AccountCountRow[]>(`SELECT * FROM cdlp_departement_accounts()`);
    return deps.map((d) => toNationalDepartementDto(d, counts));
  }

  async open(dto: OpenDepartementDto): Promise<NationalDepartementDto> {
    try {
      return await this.db.transaction(async (m) => {
        if (await m.getRepository(DepartementEntity).exists({ where: { code: dto.code } })) {
          throw conflict(`Le département ${dto.code} est déjà ouvert sur le portail.`);
        }
        await m.insert(DepartementEntity, {
          code: dto.code,
          name: dto.name.trim(),
          prefecture: dto.prefecture.trim(),
          mailSenderName: dto.mailSenderName.trim(),
          active: true,
          createdAt: this.clock.now(),
        });
        const secretariat = await this.db.switchTo(dto.code, async (dm) => {
          // The dated parameters and the checklist start from the national defaults.
          await dm.query(`SELECT cdlp_seed_departement_configuration()`);
          const user = await this.users
            .create({ email: dto.secretariatEmail, firstName: dto.secretariatFirstName, lastName: dto.secretariatLastName, role: 'SECRETARIAT' })
            .catch((err: unknown) => {
              throw renameAccountFields(err);
            });
          await this.audit.record(dm, {
            action: 'departement.opened',
            entityType: 'departement',
            entityId: dto.code,
            details: { code: dto.code, secretariatUserId: user.id },
          });
          return user;
        });
        await this.audit.record(m, {
          action: 'departement.opened',
          entityType: 'departement',
          entityId: dto.code,
          details: { code: dto.code, secretariatUserId: secretariat.id },
        });
        return this.one(dto.code);
      });
    } catch (err) {
      // Two national administrators opening the same département at once: one wins.
      if (err instanceof QueryFailedError && (err as unknown as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw conflict(`Le département ${dto.code} est déjà ouvert sur le portail.`);
      }
      throw err;
    }
  }

  /**
   * Changes a département. Closing it ends the sessions of its accounts (they can no longer
   * log in, SessionService.create) and stops its jobs (TenantDb.activeDepartements).
   */
  async update(code: string, dto: UpdateDepartementDto): Promise<NationalDepartementDto> {
    if (!isDepartementCode(code)) throw notFound('Département inconnu.');
    return this.db.transaction(async (m) => {
      const d = await m.getRepository(DepartementEntity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!d) throw notFound('Département inconnu.');
      const next = { name: dto.name.trim(), prefecture: dto.prefecture.trim(), mailSenderName: dto.mailSenderName.trim(), active: dto.active };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => d[k] !== next[k]);
      const action = d.active && !dto.active ? 'departement.closed' : !d.active && dto.active ? 'departement.reopened' : 'departement.updated';
      await m.update(DepartementEntity, { code }, next);
      await this.db.switchTo(code, async (dm) => {
        let revoked = 0;
        if (action === 'departement.closed') {
          const r: [unknown[], number] = await dm.query(
            `UPDATE user_session SET revoked_at = $1, revoke_reason = 'DEPARTEMENT_CLOSED' WHERE revoked_at IS NULL`,
            [this.clock.now()],
          );
          revoked = r[1];
        }
        await this.audit.record(dm, { action, entityType: 'departement', entityId: code, details: { changed, revokedSessions: revoked } });
      });
      await this.audit.record(m, { action, entityType: 'departement', entityId: code, details: { changed } });
      return this.one(code);
    });
  }

  /** One département of the instance, for its page in the national administration. */
  async get(code: string): Promise<NationalDepartementDto> {
    if (!isDepartementCode(code)) throw notFound('Département inconnu.');
    if (!(await this.db.getRepository(DepartementEntity).exists({ where: { code } }))) throw notFound('Département inconnu.');
    return this.one(code);
  }

  private async one(code: string): Promise<NationalDepartementDto> {
    const d = await this.db.getRepository(DepartementEntity).findOneOrFail({ where: { code } });
    const counts = await this.db.query<AccountCountRow[]>(`SELECT * FROM cdlp_departement_accounts() WHERE departement_code = $1`, [code]);
    return toNationalDepartementDto(d, counts);
  }
}

/** The users service names `email`; the open form names `secretariatEmail`. */
function renameAccountFields(err: unknown): unknown {
  if (!(err instanceof BadRequestException)) return err;
  const body = err.getResponse() as { message?: string; errors?: { field: string; message: string }[] };
  const errors = (body.errors ?? []).map((e) => ({ ...e, field: ACCOUNT_FIELDS[e.field] ?? e.field }));
  return new BadRequestException({ ...body, statusCode: 400, errors });
}
