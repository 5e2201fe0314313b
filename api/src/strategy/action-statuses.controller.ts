import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission, YearActionStatusesDto } from '@cdlp/shared';
import { RequirePermission } from '../core/auth/permission.decorator';
import { ActionStatusesService } from './action-statuses.service';
import { YearQueryDto } from './strategy.controller';

/** STRAT-1: the yearly statuses of the actions (entered with PUT strategies/:id/action-progress). */
@ApiTags('strategy')
@Controller()
export class ActionStatusesController {
  constructor(private readonly statuses: ActionStatusesService) {}

  @RequirePermission(Permission.STRATEGY_READ)
  @Get('strategies/:id/action-statuses')
  forYear(@Param('id', ParseUUIDPipe) id: string, @Query() q: YearQueryDto): Promise<YearActionStatusesDto> {
    return this.statuses.forYear(id, q.year);
  }
}
