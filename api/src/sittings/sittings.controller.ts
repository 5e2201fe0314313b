import {
  Body,
  Controller,
  Get,
  HttpCode,
  MessageEvent,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
  Sse,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import {
  CalendarDto,
  PageDto,
  Permission,
  SITTING_KINDS,
  SITTING_STATES,
  SittingDto,
  SittingKind,
  SittingListItemDto,
  SittingState,
  WrittenDeliberationProposalDto,
} from '@cdlp/shared';
import {
  AddAgendaItemDto,
  AttendanceAnswerDto,
  ConfirmPresenceDto,
  CreateSittingDto,
  RemoveAgendaItemDto,
  ReorderAgendaDto,
  SendConvocationDto,
  UpdateSittingDto,
} from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { TenantDb, scopeOf } from '../core/database/tenant-db';
import { PageQuery } from '../core/http/page-query';
import { QueryBoolean } from '../core/http/query-boolean';
import { MAX_DOCUMENT_BYTES } from '../psp-requests/file-signature';
import { AgendaDocumentsService } from './agenda-documents.service';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { ConvocationsService } from './convocations.service';
import { SittingEvents } from './sitting-events';
import { SittingListService } from './sitting-list.service';
import { SittingStreamGuard } from './sitting-stream.guard';
import { SittingViewService } from './sitting-view.service';
import { SittingsService } from './sittings.service';

export class SittingListQueryDto extends PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;

  @IsOptional() @IsIn(SITTING_STATES, { message: "L'état de séance est invalide." })
  state?: SittingState;

  @IsOptional() @IsIn(SITTING_KINDS, { message: 'Le type de séance est invalide.' })
  kind?: SittingKind;

  @IsOptional() @QueryBoolean('Le filtre « à venir » doit valoir true ou false.')
  upcoming?: boolean;
}

export class CalendarQueryDto {
  @Type(() => Number) @IsInt({ message: "L'année doit être un entier." }) @Min(2000) @Max(2100)
  year!: number;
}

export class WrittenDeliberationDto {
  @IsArray() @ArrayMinSize(1, { message: 'Choisissez au moins une demande.' }) @IsUUID('4', { each: true, message: 'Une demande est invalide.' })
  requestIds!: string[];
}

export class CancelSittingDto {
  @IsString({ message: "Le motif de l'annulation est obligatoire." })
  @IsNotEmpty({ message: "Le motif de l'annulation est obligatoire." })
  @Matches(/\S/, { message: "Le motif de l'annulation est obligatoire." })
  @MaxLength(500)
  reason!: string;
}

export class ResendConvocationDto {
  @IsUUID('4', { message: 'Le membre est invalide.' })
  memberId!: string;
}

export class SecondConvocationDto {
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.' })
  startsAtLocal!: string;

  @IsOptional() @IsString() @MaxLength(300)
  place?: string;

  @IsOptional() @IsString() @MaxLength(500)
  videoLink?: string;
}

@ApiTags('sittings')
@Controller('sittings')
export class SittingsController {
  constructor(
    private readonly sittings: SittingsService,
    private readonly lists: SittingListService,
    private readonly agenda: AgendaService,
    private readonly convocations: ConvocationsService,
    private readonly attendance: AttendanceService,
    private readonly documents: AgendaDocumentsService,
    private readonly view: SittingViewService,
    private readonly events: SittingEvents,
    private readonly db: TenantDb,
  ) {}

  @RequirePermission(Permission.SITTINGS_READ)
  @Get()
  list(@CurrentUser() user: UserEntity, @Query() q: SittingListQueryDto): Promise<PageDto<SittingListItemDto>> {
    return this.lists.list(user, q);
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get('calendar')
  calendar(@CurrentUser() user: UserEntity, @Query() q: CalendarQueryDto): Promise<CalendarDto> {
    return this.lists.calendar(user, q.year);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Get('proposals')
  proposals(): Promise<WrittenDeliberationProposalDto[]> {
    return this.lists.proposals();
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post('written-deliberation')
  written(@CurrentUser() user: UserEntity, @Body() dto: WrittenDeliberationDto): Promise<SittingDto> {
    return this.sittings.createWrittenDeliberation(user, dto.requestIds);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post()
  create(@CurrentUser() user: UserEntity, @Body() dto: CreateSittingDto): Promise<SittingDto> {
    return this.sittings.create(user, dto);
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get(':id')
  get(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<SittingDto> {
    return this.sittings.get(user, id);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Put(':id')
  update(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSittingDto): Promise<SittingDto> {
    return this.sittings.update(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelSittingDto): Promise<SittingDto> {
    return this.sittings.cancel(user, id, dto.reason, (m, s) => this.convocations.notifyCancellation(m, s));
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/agenda')
  addItem(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AddAgendaItemDto): Promise<SittingDto> {
    return this.agenda.addItem(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Put(':id/agenda/order')
  reorder(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReorderAgendaDto): Promise<SittingDto> {
    return this.agenda.reorder(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/agenda/reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<SittingDto> {
    return this.agenda.reopenAgenda(user, id);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/agenda/:itemId/remove')
  @HttpCode(200)
  removeItem(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: RemoveAgendaItemDto,
  ): Promise<SittingDto> {
    return this.agenda.removeItem(user, id, itemId, dto.reason);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/agenda/:itemId/documents')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } }))
  uploadDocument(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @UploadedFile() file: { buffer: Buffer; size: number; originalname: string } | undefined,
  ): Promise<SittingDto> {
    return this.documents.upload(user, id, itemId, file);
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get(':id/agenda/:itemId/documents/:documentId')
  async document(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
  ): Promise<StreamableFile> {
    const doc = await this.documents.content(user, id, itemId, documentId);
    return new StreamableFile(doc.content, {
      type: doc.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
    });
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get(':id/agenda.pdf')
  async agendaPdf(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const pdf = await this.convocations.agendaPdfFor(user, id);
    return new StreamableFile(pdf.content, { type: 'application/pdf', disposition: `inline; filename="${pdf.filename}"` });
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get(':id/calendar.ics')
  async ics(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="seance.ics"');
    return this.convocations.icsFor(user, id);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/convocation')
  @HttpCode(200)
  convene(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SendConvocationDto): Promise<SittingDto> {
    return this.convocations.convene(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/convocation/resend')
  @HttpCode(200)
  resend(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResendConvocationDto): Promise<SittingDto> {
    return this.convocations.resend(user, id, dto.memberId);
  }

  @RequirePermission(Permission.SITTINGS_ANSWER)
  @Post(':id/attendance')
  @HttpCode(200)
  answer(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AttendanceAnswerDto): Promise<SittingDto> {
    return this.attendance.answer(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_CHAIR)
  @Post(':id/register')
  @HttpCode(200)
  register(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ConfirmPresenceDto): Promise<SittingDto> {
    return this.attendance.confirmPresence(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_CHAIR)
  @Post(':id/open')
  @HttpCode(200)
  open(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<SittingDto> {
    return this.attendance.open(user, id);
  }

  @RequirePermission(Permission.SITTINGS_CHAIR)
  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<SittingDto> {
    return this.attendance.close(user, id);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/second-convocation')
  secondConvocation(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SecondConvocationDto,
  ): Promise<SittingDto> {
    return this.attendance.secondConvocation(user, id, dto);
  }

  /** Live page: a new snapshot each time the sitting changes (server-sent events). */
  @RequirePermission(Permission.SITTINGS_READ)
  @UseGuards(SittingStreamGuard)
  @Sse(':id/events')
  stream(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Observable<MessageEvent> {
    // TENANT-1: a stream lives for minutes, so it holds no transaction; each snapshot runs
    // in a short scope of its own, on whichever instance the member reached.
    const scope = scopeOf(user.departementCode);
    return new Observable<MessageEvent>((subscriber) => {
      let pending: NodeJS.Timeout | null = null;
      const push = () => {
        void this.db.run(scope, () => this.view.snapshot(id, user)).then(
          (dto) => dto && subscriber.next({ type: 'sitting', data: dto }),
          () => undefined,
        );
      };
      push();
      const unsubscribe = this.events.subscribe(id, () => {
        if (pending) return;
        pending = setTimeout(() => {
          pending = null;
          push();
        }, 100);
      });
      const heartbeat = setInterval(() => subscriber.next({ type: 'ping', data: '' }), 25_000);
      return () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
      };
    });
  }
}
