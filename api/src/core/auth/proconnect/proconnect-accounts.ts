import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TenantDb, scopeOf } from '../../database/tenant-db';
import { UserEntity } from '../user.entity';

export interface ProConnectAccountMatch {
  user: UserEntity;
  /** 'sub': an account already linked to this identity; 'email': a candidate for a first link. */
  matchedBy: 'sub' | 'email';
}

/**
 * The two places where ProConnect touches app_user. The callback names an identity before
 * any département is known (TENANT-1): a SECURITY DEFINER lookup gives the account and its
 * scope, then the account is read and linked inside that scope.
 */
@Injectable()
export class ProConnectAccounts {
  constructor(private readonly db: TenantDb) {}

  /** The scope (département, or national) of the account a ProConnect identity points to. */
  async scopeOf(sub: string, email: string | null): Promise<{ userId: string; scope: string; matchedBy: 'sub' | 'email' } | null> {
    const rows: { user_id: string; departement_code: string | null; matched_by: 'sub' | 'email' }[] = await this.db.unscoped.query(
      `SELECT * FROM cdlp_proconnect_account($1, $2)`,
      [sub, email],
    );
    return rows[0] ? { userId: rows[0].user_id, scope: scopeOf(rows[0].departement_code), matchedBy: rows[0].matched_by } : null;
  }

  /**
   * Finds the account for a ProConnect identity in the caller's scope: the account linked to
   * `sub` if there is one, otherwise the account whose e-mail is the identity's e-mail. The row is
   * locked for the rest of the caller's transaction, so that a concurrent administrator change
   * (deactivation, withdrawn invitation) is seen before the session is opened.
   */
  async findAccount(manager: EntityManager, sub: string, email: string | null): Promise<ProConnectAccountMatch | null> {
    const users = manager.getRepository(UserEntity);
    const bySub = await users
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.proconnect_sub = :sub', { sub })
      .getOne();
    if (bySub) return { user: bySub, matchedBy: 'sub' };
    if (!email) return null;
    const byEmail = await users
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
    return byEmail ? { user: byEmail, matchedBy: 'email' } : null;
  }

  /**
   * Links a ProConnect identity to an invited account. The WHERE clause repeats the conditions
   * of the link (invited, not linked yet), so that nothing is written if they no longer hold;
   * the unique constraint on proconnect_sub refuses a second account for the same identity.
   */
  async linkSub(manager: EntityManager, userId: string, sub: string, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ proconnectSub: sub, proconnectLinkedAt: now })
      .where('id = :userId AND proconnect_invited_at IS NOT NULL AND proconnect_sub IS NULL', { userId })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}
