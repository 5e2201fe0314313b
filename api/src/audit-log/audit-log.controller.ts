import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditEventDto, AuditVerificationDto, PageDto, Permission } from '@cdlp/shared';
import { RequirePermission } from '../core/auth/permission.decorator';
import { PageQuery } from '../core/http/page-query';
import { AuditLogService } from './audit-log.service';

@ApiTags('audit')
@Controller('audit')
export class AuditLogController {
  constructor(private readonly service: AuditLogService) {}

  @RequirePermission(Permission.AUDIT_READ)
  @Get()
  list(@Query() q: PageQuery): Promise<PageDto<AuditEventDto>> {
    return this.service.list(q.page, q.pageSize);
  }

  @RequirePermission(Permission.AUDIT_READ)
  @Get('verify')
  verify(): Promise<AuditVerificationDto> {
    return this.service.verify();
  }
}
