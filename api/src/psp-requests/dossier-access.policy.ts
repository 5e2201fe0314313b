import { ForbiddenException, Injectable } from '@nestjs/common';

import { UserEntity } from '../core/auth/user.entity';
import { MemberEntity } from '../registry/member.entity';
import { PspRequestEntity } from './psp-request.entity';
import { TenantDb } from '../core/database/tenant-db';

/**
 * DP-2: who sees what.
 * - Full identity: the presenting association, the secretariat and the president.
 * - A member: the pseudonymised summary, only while the request is on the agenda of a
 *   sitting the member is convened to; never a member excluded by COMP-3.
 */
@Injectable()
export class DossierAccessPolicy {
  /** Sittings register a resolver that says whether a member is convened to a sitting holding the request. */
  private convenedResolver: ((memberId: string, requestId: string) => Promise<boolean>) | null = null;

  constructor(private readonly db: TenantDb) {}

  registerConvenedResolver(resolver: (memberId: string, requestId: string) => Promise<boolean>): void {
    this.convenedResolver = resolver;
  }

  assertFullAccess(user: UserEntity, request: PspRequestEntity): void {
    if (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT') return;
    if (user.role === 'ASSOCIATION' && user.associationId === request.associationId) return;
    throw new ForbiddenException({ statusCode: 403, message: "Vous n'avez pas accès à ce dossier (DP-2)." });
  }

  async assertSummaryAccess(user: UserEntity, request: PspRequestEntity): Promise<void> {
    if (user.role === 'SECRETARIAT' || user.role === 'PRESIDENT') return;
    const denied = new ForbiddenException({
      statusCode: 403,
      message: "Ce dossier n'est consultable que pendant la séance à laquelle vous êtes convoqué(e) (DP-2).",
    });
    if (user.role !== 'MEMBER' || !user.memberId) throw denied;
    const member = await this.db.getRepository(MemberEntity).findOne({ where: { id: user.memberId } });
    // COMP-3: members who coordinate minors' support never see individual PSP dossiers.
    if (!member || member.excludedFromPsp) {
      throw new ForbiddenException({
        statusCode: 403,
        message: "Les membres exclus de l'examen des demandes individuelles n'ont pas accès aux dossiers (COMP-3).",
      });
    }
    if (request.state !== 'ON_AGENDA') throw denied;
    const convened = this.convenedResolver ? await this.convenedResolver(member.id, request.id) : false;
    if (!convened) throw denied;
  }
}
