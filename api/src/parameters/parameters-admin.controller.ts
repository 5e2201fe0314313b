import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParameterDto, Permission } from '@cdlp/shared';
import { CreateParameterValueDto } from '@cdlp/shared/dto';
import { RequirePermission } from '../core/auth/permission.decorator';
import { ParametersAdminService } from './parameters-admin.service';

/** The dated parameters of the caller's département, with their history (AFIS-1, PSP-6, QUOR-3, VOTE-1…). */
@ApiTags('parameters')
@Controller('parameters')
export class ParametersAdminController {
  constructor(private readonly parameters: ParametersAdminService) {}

  @RequirePermission(Permission.PARAMETERS_MANAGE)
  @Get()
  list(): Promise<ParameterDto[]> {
    return this.parameters.list();
  }

  /** A new dated value, from today or a later day. */
  @RequirePermission(Permission.PARAMETERS_MANAGE)
  @Post(':key/values')
  addValue(@Param('key') key: string, @Body() dto: CreateParameterValueDto): Promise<ParameterDto> {
    return this.parameters.addValue(key, dto);
  }
}
