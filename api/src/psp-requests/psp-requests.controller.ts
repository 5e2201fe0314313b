import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import {
  ChecklistItemDto,
  PSP_REQUEST_KINDS,
  PSP_REQUEST_STATES,
  PageDto,
  Permission,
  PspRequestDto,
  PspRequestKind,
  PspRequestListItemDto,
  PspRequestState,
  PspSummaryDto,
} from '@cdlp/shared';
import {
  CreateChecklistItemDto,
  CreatePspRequestDto,
  NationalityWaiverDto,
  UpdateChecklistItemDto,
  UpdatePspRequestDto,
  UploadDocumentDto,
  WithdrawPspRequestDto,
} from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { PageQuery } from '../core/http/page-query';
import { QueryBoolean } from '../core/http/query-boolean';
import { ChecklistService } from './checklist.service';
import { DocumentsService, UploadedFile as UploadedDocument } from './documents.service';
import { MAX_DOCUMENT_BYTES } from './file-signature';
import { PspFilingService } from './psp-filing.service';
import { PspRequestListService } from './psp-request-list.service';
import { PspRequestsService } from './psp-requests.service';

export class PspListQueryDto extends PageQuery {
  @IsOptional()
  @IsIn(PSP_REQUEST_STATES, { message: "L'état demandé est invalide." })
  state?: PspRequestState;

  @IsOptional()
  @IsIn(PSP_REQUEST_KINDS, { message: 'Le type de demande est invalide.' })
  kind?: PspRequestKind;

  @IsOptional()
  @IsUUID('4', { message: "L'association est invalide." })
  associationId?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de début doit être au format AAAA-MM-JJ.' })
  completedFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de fin doit être au format AAAA-MM-JJ.' })
  completedTo?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: "Le délai d'attente doit être un nombre de jours." })
  @Min(0)
  minDaysWaiting?: number;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  reference?: string;

  @IsOptional()
  @IsIn(['completedAt', 'updatedAt', 'reference', 'daysWaiting'], { message: 'Le tri demandé est invalide.' })
  sort: 'completedAt' | 'updatedAt' | 'reference' | 'daysWaiting' = 'updatedAt';

  @IsOptional()
  @IsIn(['asc', 'desc'], { message: "L'ordre de tri doit valoir asc ou desc." })
  order: 'asc' | 'desc' = 'desc';
}

export class ChecklistQueryDto {
  @IsOptional()
  @IsIn(PSP_REQUEST_KINDS, { message: 'Le type de demande est invalide.' })
  kind?: PspRequestKind;

  @IsOptional()
  @QueryBoolean("L'historique doit valoir true ou false.")
  history?: boolean;
}

@ApiTags('psp-requests')
@Controller('psp-requests')
export class PspRequestsController {
  constructor(
    private readonly requests: PspRequestsService,
    private readonly filing: PspFilingService,
    private readonly lists: PspRequestListService,
    private readonly documents: DocumentsService,
  ) {}

  @RequirePermission(Permission.PSP_REQUESTS_READ)
  @Get()
  list(
    @CurrentUser() user: UserEntity,
    @Query() q: PspListQueryDto,
  ): Promise<PageDto<PspRequestListItemDto>> {
    return this.lists.list(user, q);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Post()
  create(@CurrentUser() user: UserEntity, @Body() dto: CreatePspRequestDto): Promise<PspRequestDto> {
    return this.filing.create(user, dto);
  }

  @RequirePermission(Permission.PSP_REQUESTS_READ)
  @Get(':id')
  get(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<PspRequestDto> {
    return this.requests.get(user, id);
  }

  @RequirePermission(Permission.PSP_SUMMARY_READ)
  @Get(':id/summary')
  summary(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<PspSummaryDto> {
    return this.requests.summary(user, id);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Put(':id')
  update(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdatePspRequestDto,
  ): Promise<PspRequestDto> {
    return this.filing.update(user, id, dto);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Post(':id/submit')
  @HttpCode(200)
  submit(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<PspRequestDto> {
    return this.filing.submit(user, id);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: WithdrawPspRequestDto,
  ): Promise<PspRequestDto> {
    return this.filing.withdraw(user, id, dto);
  }

  @RequirePermission(Permission.PSP_COMPLETENESS_DECIDE)
  @Post(':id/nationality-waiver')
  @HttpCode(200)
  waiver(@Param('id', ParseUUIDPipe) id: string, @Body() dto: NationalityWaiverDto): Promise<PspRequestDto> {
    return this.filing.setNationalityWaiver(id, dto);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Post(':id/documents')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10 } }),
  )
  upload(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedDocument | undefined,
    @Body() meta: UploadDocumentDto,
  ): Promise<PspRequestDto> {
    return this.documents.upload(user, id, file, meta);
  }

  @RequirePermission(Permission.PSP_REQUESTS_READ)
  @Get(':id/documents/:documentId/content')
  async download(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const doc = await this.documents.content(user, id, documentId);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(doc.content, {
      type: doc.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      length: doc.content.length,
    });
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Delete(':id/documents/:documentId')
  removeDocument(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
  ): Promise<PspRequestDto> {
    return this.documents.remove(user, id, documentId);
  }
}

@ApiTags('psp-checklist')
@Controller('psp-checklist')
export class ChecklistController {
  constructor(private readonly checklist: ChecklistService) {}

  @RequirePermission(Permission.DEPARTEMENT_READ)
  @Get()
  list(@Query() q: ChecklistQueryDto): Promise<ChecklistItemDto[]> {
    return this.checklist.list(q.kind, q.history === true);
  }

  /** PSP-3: a new piece of the checklist, as a dated version. */
  @RequirePermission(Permission.PSP_CHECKLIST_MANAGE)
  @Post()
  create(@Body() dto: CreateChecklistItemDto): Promise<ChecklistItemDto> {
    return this.checklist.create(dto);
  }

  @RequirePermission(Permission.PSP_CHECKLIST_MANAGE)
  @Put(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateChecklistItemDto,
  ): Promise<ChecklistItemDto> {
    return this.checklist.update(id, dto);
  }
}
