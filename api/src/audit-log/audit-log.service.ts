import { Injectable } from '@nestjs/common';

import { AuditEventDto, AuditVerificationDto, PageDto } from '@cdlp/shared';
import { AuditEventEntity } from '../core/audit/audit-event.entity';
import { AuditService } from '../core/audit/audit.service';
import { TenantDb } from '../core/database/tenant-db';

@Injectable()
export class AuditLogService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async list(page: number, pageSize: number): Promise<PageDto<AuditEventDto>> {
    const [rows, total] = await this.db.getRepository(AuditEventEntity).findAndCount({
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        occurredAt: r.occurredAt.toISOString(),
        actorUserId: r.actorUserId,
        actorRole: r.actorRole,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        requestId: r.requestId,
        hash: r.hash,
      })),
      total,
      page,
      pageSize,
    };
  }

  async verify(): Promise<AuditVerificationDto> {
    const result = await this.audit.verify();
    await this.audit.recordNow({ action: 'audit.verified', entityType: 'audit_event', details: { ok: result.ok } });
    return result;
  }
}
