import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  AutoIndicatorValuesDto,
  FollowUpDto,
  Permission,
  SectionDiffDto,
  StrategyCommentViewDto,
  StrategyDto,
  StrategyListItemDto,
  StrategyReferenceDto,
} from '@cdlp/shared';
import {
  ActionProgressDto,
  CreateStrategyDto,
  IndicatorValueDto,
  PutOnAgendaDto,
  SaveStrategyVersionDto,
  StrategyCommentDto,
} from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { StatisticsService } from '../statistics/statistics.service';
import { StrategyDocumentsService } from './strategy-documents.service';
import { StrategyFollowUpService } from './strategy-follow-up.service';
import { StrategyService } from './strategy.service';

export class VersionQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class DiffQueryDto {
  @Type(() => Number)
  @IsInt({ message: 'La version de départ est invalide.' })
  @Min(1)
  from!: number;

  @Type(() => Number)
  @IsInt({ message: "La version d'arrivée est invalide." })
  @Min(1)
  to!: number;
}

export class YearQueryDto {
  @Type(() => Number)
  @IsInt({ message: "L'année est invalide." })
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class ExportQueryDto {
  @IsIn(['strategy', 'followup'], { message: "L'export doit valoir strategy ou followup." })
  kind!: 'strategy' | 'followup';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class PeriodQueryDto {
  @Type(() => Number)
  @IsInt({ message: "L'année de début est invalide." })
  @Min(2000)
  @Max(2100)
  from!: number;

  @Type(() => Number)
  @IsInt({ message: "L'année de fin est invalide." })
  @Min(2000)
  @Max(2100)
  to!: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('strategy')
@Controller()
export class StrategyController {
  constructor(
    private readonly strategy: StrategyService,
    private readonly followUps: StrategyFollowUpService,
    private readonly documents: StrategyDocumentsService,
    private readonly statistics: StatisticsService,
  ) {}

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategy/reference')
  reference(): Promise<StrategyReferenceDto> {
    return this.strategy.reference();
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('statistics/indicators')
  indicators(@Query() q: PeriodQueryDto): Promise<AutoIndicatorValuesDto> {
    return this.statistics.indicators(Math.min(q.from, q.to), Math.max(q.from, q.to));
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies')
  list(): Promise<StrategyListItemDto[]> {
    return this.strategy.list();
  }

  @RequirePermission(Permission.STRATEGY_EDIT)
  @Post('strategies')
  create(@CurrentUser() user: UserEntity, @Body() dto: CreateStrategyDto): Promise<StrategyDto> {
    return this.strategy.create(user, dto);
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id')
  get(@Param('id', ParseUUIDPipe) id: string, @Query() q: VersionQueryDto): Promise<StrategyDto> {
    return this.strategy.get(id, q.version);
  }

  @RequirePermission(Permission.STRATEGY_EDIT)
  @Post('strategies/:id/versions')
  save(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SaveStrategyVersionDto,
  ): Promise<StrategyDto> {
    return this.strategy.saveVersion(user, id, dto);
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/diff')
  diff(@Param('id', ParseUUIDPipe) id: string, @Query() q: DiffQueryDto): Promise<SectionDiffDto[]> {
    return this.strategy.diff(id, q.from, q.to);
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/comments')
  comments(@Param('id', ParseUUIDPipe) id: string): Promise<StrategyCommentViewDto[]> {
    return this.strategy.comments(id);
  }

  @RequirePermission(Permission.STRATEGY_COMMENT)
  @Post('strategies/:id/comments')
  comment(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StrategyCommentDto,
  ): Promise<StrategyCommentViewDto[]> {
    return this.strategy.comment(user, id, dto);
  }

  @RequirePermission(Permission.STRATEGY_EDIT)
  @Post('strategies/:id/agenda')
  @HttpCode(200)
  putOnAgenda(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PutOnAgendaDto,
  ): Promise<StrategyDto> {
    return this.strategy.putOnAgenda(user, id, dto);
  }

  @RequirePermission(Permission.STRATEGY_EDIT)
  @Post('strategies/:id/agenda/withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<StrategyDto> {
    return this.strategy.withdrawFromAgenda(user, id);
  }

  @RequirePermission(Permission.DOCUMENTS_SIGN)
  @Post('strategies/:id/sign')
  @HttpCode(200)
  sign(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<StrategyDto> {
    return this.strategy.sign(user, id);
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/document.pdf')
  async pdf(@Param('id', ParseUUIDPipe) id: string, @Query() q: VersionQueryDto): Promise<StreamableFile> {
    return new StreamableFile(await this.documents.pdf(id, q.version), {
      type: 'application/pdf',
      disposition: 'inline; filename="strategie-departementale.pdf"',
    });
  }

  @RequirePermission(Permission.STRATEGY_EDIT)
  @Put('strategies/:id/indicator-values')
  indicatorValue(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: IndicatorValueDto,
  ): Promise<StrategyDto> {
    return this.followUps.setIndicatorValue(user, id, dto);
  }

  @RequirePermission(Permission.STRATEGY_EDIT)
  @Put('strategies/:id/action-progress')
  actionProgress(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ActionProgressDto,
  ): Promise<StrategyDto> {
    return this.followUps.setActionProgress(user, id, dto);
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/follow-up')
  followUp(@Param('id', ParseUUIDPipe) id: string, @Query() q: YearQueryDto): Promise<FollowUpDto> {
    return this.followUps.followUp(id, q.year);
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/follow-up.pdf')
  async followUpPdf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: YearQueryDto,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.documents.followUpPdf(id, q.year), {
      type: 'application/pdf',
      disposition: `inline; filename="bilan-${q.year}.pdf"`,
    });
  }

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/export.xlsx')
  async export(@Param('id', ParseUUIDPipe) id: string, @Query() q: ExportQueryDto): Promise<StreamableFile> {
    const file = await this.documents.xlsx(id, q.kind, q.year);
    const name = q.kind === 'followup' ? `bilan-${q.year ?? ''}.xlsx` : 'strategie-departementale.xlsx';
    return new StreamableFile(file, { type: XLSX, disposition: `attachment; filename="${name}"` });
  }
}
