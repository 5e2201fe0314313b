import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CreateUserDto, NATIONAL_SCOPE, PageDto, ROLE_LABELS, UpdateUserDto, UserDto, isNationalRole } from '@cdlp/shared';
import { accountCreatedMail } from '@cdlp/templates';
import { AuditService } from '../core/audit/audit.service';
import { AuthService, RESET_VALIDITY_MINUTES, hashPassword } from '../core/auth/auth.service';
import { SessionService } from '../core/auth/session.service';
import { UserEntity } from '../core/auth/user.entity';
import { fieldErrors, notFound } from '../core/http/errors';
import { AssociationEntity } from '../registry/association.entity';
import { MemberEntity } from '../registry/member.entity';
import { escapeLike } from '../registry/members.service';
import { TenantDb } from '../core/database/tenant-db';

/** A member without an e-mail address receives no account invitation (convocations go by post). */
export const MEMBER_WITHOUT_EMAIL =
  "Ce membre n'a pas d'adresse électronique : renseignez-la dans sa fiche avant de l'inviter sur le portail.";

export function toUserDto(u: UserEntity): UserDto {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
    memberId: u.memberId,
    associationId: u.associationId,
    active: u.active,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    proConnect: u.proconnectSub ? 'LINKED' : u.proconnectInvitedAt ? 'INVITED' : 'NONE',
    proConnectInvitedAt: u.proconnectInvitedAt?.toISOString() ?? null,
    proConnectLinkedAt: u.proconnectLinkedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
  ) {}

  async list(page: number, pageSize: number, search?: string): Promise<PageDto<UserDto>> {
    const qb = this.db.getRepository(UserEntity).createQueryBuilder('u');
    if (search?.trim()) {
      qb.where(
        '(unaccent_ci(u.email) LIKE unaccent_ci(:s) OR unaccent_ci(u.last_name) LIKE unaccent_ci(:s) OR unaccent_ci(u.first_name) LIKE unaccent_ci(:s))',
        { s: `%${escapeLike(search.trim())}%` },
      );
    }
    const [rows, total] = await qb
      .orderBy('u.last_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toUserDto), total, page, pageSize };
  }

  /** Creates an account with an unusable random password and e-mails a link to choose one. */
  async create(dto: CreateUserDto): Promise<UserDto> {
    return this.db.transaction(async (m) => {
      await this.checkLinks(m, dto, null);
      const user = m.create(UserEntity, {
        email: dto.email.trim().toLowerCase(),
        passwordHash: await hashPassword(randomBytes(32).toString('hex')),
        firstName: dto.firstName.trim(),
        lastName: dto.lastName.trim(),
        role: dto.role,
        // TENANT-1: the account belongs to the scope it is created in (NULL in the national scope).
        departementCode: this.db.departement === NATIONAL_SCOPE ? null : this.db.departement,
        memberId: dto.memberId ?? null,
        associationId: dto.associationId ?? null,
        active: true,
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
        passwordChangedAt: new Date(),
      });
      await m.save(user);
      await this.audit.record(m, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        details: { role: user.role },
      });
      await this.auth.issueResetToken(m, user, 'user.activation_link_sent', (url) =>
        accountCreatedMail({ setPasswordUrl: url, validityMinutes: RESET_VALIDITY_MINUTES, roleLabel: ROLE_LABELS[user.role] }),
      );
      return toUserDto(user);
    });
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.db.transaction(async (m) => {
      const user = await this.find(m, id);
      await this.checkLinks(m, dto, user.id);
      const roleChanged = user.role !== dto.role;
      Object.assign(user, {
        email: dto.email.trim().toLowerCase(),
        firstName: dto.firstName.trim(),
        lastName: dto.lastName.trim(),
        role: dto.role,
        memberId: dto.memberId ?? null,
        associationId: dto.associationId ?? null,
        active: dto.active,
      });
      await m.save(user);
      // A change of role or a deactivation takes effect at once.
      if (roleChanged || !dto.active) await this.sessions.revokeAllForUser(user.id, 'ACCOUNT_CHANGED', m);
      await this.audit.record(m, {
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        details: { role: user.role, active: user.active },
      });
      return toUserDto(user);
    });
  }

  async unlock(id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.find(m, id);
      await m.update(UserEntity, { id }, { lockedUntil: null, failedLoginCount: 0 });
      await this.audit.record(m, { action: 'user.unlocked', entityType: 'user', entityId: id });
    });
  }

  async revokeSessions(id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.find(m, id);
      await this.sessions.revokeAllForUser(id, 'REVOKED_BY_ADMIN', m);
      await this.audit.record(m, { action: 'user.sessions_revoked', entityType: 'user', entityId: id });
    });
  }

  private async checkLinks(m: EntityManager, dto: CreateUserDto, selfId: string | null): Promise<void> {
    const errors: { field: string; message: string }[] = [];
    // An e-mail names one account in the whole national instance: the lookup crosses départements.
    const owners: { user_id: string }[] = await m.query(`SELECT user_id FROM cdlp_account_scope($1)`, [dto.email]);
    const dup = owners.filter((o) => o.user_id !== selfId).length;
    // TENANT-1: a département's accounts have a département's roles; national roles live in the national scope.
    const national = this.db.departement === NATIONAL_SCOPE;
    if (isNationalRole(dto.role) !== national) {
      errors.push({
        field: 'role',
        message: national
          ? 'Un compte national est un compte de supervision ou d’administration nationale.'
          : 'Ce rôle est national : il ne peut pas être attribué dans un département.',
      });
    }
    if (dup > 0) errors.push({ field: 'email', message: 'Un compte utilise déjà cette adresse électronique.' });
    if (dto.role === 'ASSOCIATION' && !dto.associationId) {
      errors.push({ field: 'associationId', message: 'Un compte « association » doit être rattaché à une association.' });
    }
    if (dto.role === 'MEMBER' && !dto.memberId) {
      errors.push({ field: 'memberId', message: 'Un compte « membre » doit être rattaché à un membre de la commission.' });
    }
    if (dto.associationId && !(await m.getRepository(AssociationEntity).exists({ where: { id: dto.associationId } }))) {
      errors.push({ field: 'associationId', message: 'Association introuvable.' });
    }
    const member = dto.memberId ? await m.getRepository(MemberEntity).findOne({ where: { id: dto.memberId } }) : null;
    if (dto.memberId && !member) {
      errors.push({ field: 'memberId', message: 'Membre introuvable.' });
    }
    if (selfId === null && member && member.email === null) {
      errors.push({ field: 'email', message: MEMBER_WITHOUT_EMAIL });
    }
    if (errors.length) throw fieldErrors(errors);
  }

  private async find(m: EntityManager, id: string): Promise<UserEntity> {
    const u = await m.getRepository(UserEntity).findOne({ where: { id } });
    if (!u) throw notFound('Compte introuvable.');
    return u;
  }
}
