import { Body, Controller, Get, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { NationalDepartementDto, NationalStatisticsDto, Permission } from '@cdlp/shared';
import { OpenDepartementDto, UpdateDepartementDto } from '@cdlp/shared/dto';
import { RequirePermission } from '../core/auth/permission.decorator';
import { NationalDepartementsService } from './national-departements.service';
import { NationalStatisticsService } from './national-statistics.service';

export class NationalStatisticsQuery {
  @Type(() => Number)
  @IsInt({ message: 'L’année doit être un nombre entier (par exemple 2026).' })
  @Min(2016, { message: 'L’année doit être 2016 ou après (loi du 13 avril 2016).' })
  @Max(2100, { message: 'L’année doit être 2100 ou avant.' })
  year!: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** TENANT-1: the national administration of the instance (national accounts only). */
@ApiTags('national')
@Controller('national')
export class NationalController {
  constructor(
    private readonly departements: NationalDepartementsService,
    private readonly statistics: NationalStatisticsService,
  ) {}

  @RequirePermission(Permission.DEPARTEMENTS_MANAGE)
  @Get('departements')
  list(): Promise<NationalDepartementDto[]> {
    return this.departements.list();
  }

  @RequirePermission(Permission.DEPARTEMENTS_MANAGE)
  @Post('departements')
  open(@Body() dto: OpenDepartementDto): Promise<NationalDepartementDto> {
    return this.departements.open(dto);
  }

  @RequirePermission(Permission.DEPARTEMENTS_MANAGE)
  @Get('departements/:code')
  one(@Param('code') code: string): Promise<NationalDepartementDto> {
    return this.departements.get(code);
  }

  @RequirePermission(Permission.DEPARTEMENTS_MANAGE)
  @Put('departements/:code')
  update(@Param('code') code: string, @Body() dto: UpdateDepartementDto): Promise<NationalDepartementDto> {
    return this.departements.update(code, dto);
  }

  @RequirePermission(Permission.NATIONAL_STATISTICS_READ)
  @Get('statistics')
  statisticsOf(@Query() q: NationalStatisticsQuery): Promise<NationalStatisticsDto> {
    return this.statistics.forYear(q.year);
  }

  /** The page's figures as a workbook, as protected as on the page (« < 5 »), with the disclosure note. */
  @RequirePermission(Permission.NATIONAL_STATISTICS_READ)
  @Get('statistics/export.xlsx')
  async export(@Query() q: NationalStatisticsQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.statistics.xlsx(q.year), {
      type: XLSX,
      disposition: `attachment; filename="statistiques-nationales-${q.year}.xlsx"`,
    });
  }
}
