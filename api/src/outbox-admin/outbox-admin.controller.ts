import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { OutboxMessageDto, OutboxMessageSummaryDto, PageDto, Permission } from '@cdlp/shared';
import { RequirePermission } from '../core/auth/permission.decorator';
import { PageQuery } from '../core/http/page-query';
import { OutboxAdminService } from './outbox-admin.service';

export class OutboxQueryDto extends PageQuery {
  @IsOptional() @IsIn(['QUEUED', 'SENT', 'FAILED'], { message: "L'état d'envoi est invalide." })
  status?: 'QUEUED' | 'SENT' | 'FAILED';

  @IsOptional() @IsString() @MaxLength(40)
  relatedType?: string;

  @IsOptional() @IsString() @MaxLength(60)
  relatedId?: string;
}

/** Delivery status of every e-mail, for the secretariat; in demo mode the messages themselves. */
@ApiTags('outbox')
@Controller('outbox')
export class OutboxAdminController {
  constructor(private readonly service: OutboxAdminService) {}

  @RequirePermission(Permission.OUTBOX_READ)
  @Get()
  list(@Query() q: OutboxQueryDto): Promise<PageDto<OutboxMessageSummaryDto>> {
    return this.service.list(q);
  }

  @RequirePermission(Permission.OUTBOX_READ)
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OutboxMessageDto> {
    return this.service.get(id);
  }

  @RequirePermission(Permission.OUTBOX_READ)
  @Post(':id/resend')
  @HttpCode(200)
  resend(@Param('id', ParseUUIDPipe) id: string): Promise<OutboxMessageSummaryDto> {
    return this.service.resend(id);
  }
}
