import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageDto, PathwayDto, Permission, PspRequestDto } from '@cdlp/shared';
import { CreateRenewalDto, EndPathwayDto, UpdateResidencePermitDto } from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { PageQuery } from '../core/http/page-query';
import { PathwaysService } from './pathways.service';

export class PathwayListQueryDto extends PageQuery {
  @IsOptional() @IsIn(['ACTIVE', 'ENDED'], { message: "L'état du parcours doit valoir ACTIVE ou ENDED." })
  state?: 'ACTIVE' | 'ENDED';

  @IsOptional() @Type(() => Number) @IsInt({ message: 'Le délai doit être un nombre de jours.' }) @Min(0) @Max(366)
  expiringWithinDays?: number;

  @IsOptional() @IsUUID('4', { message: "L'association est invalide." })
  associationId?: string;
}

@ApiTags('pathways')
@Controller('pathways')
export class PathwaysController {
  constructor(private readonly pathways: PathwaysService) {}

  @RequirePermission(Permission.PATHWAYS_READ)
  @Get()
  list(@CurrentUser() user: UserEntity, @Query() q: PathwayListQueryDto): Promise<PageDto<PathwayDto>> {
    return this.pathways.list(user, q);
  }

  @RequirePermission(Permission.PATHWAYS_READ)
  @Get(':id')
  get(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<PathwayDto> {
    return this.pathways.get(user, id);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Post(':id/renewals')
  renew(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateRenewalDto,
  ): Promise<PspRequestDto> {
    return this.pathways.createRenewal(user, id, dto);
  }

  @RequirePermission(Permission.PATHWAYS_MANAGE)
  @Post(':id/end')
  @HttpCode(200)
  end(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EndPathwayDto): Promise<PathwayDto> {
    return this.pathways.end(id, dto);
  }

  @RequirePermission(Permission.PSP_REQUESTS_FILE)
  @Put(':id/residence-permit')
  residencePermit(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateResidencePermitDto,
  ): Promise<PathwayDto> {
    return this.pathways.updateResidencePermit(user, id, dto);
  }
}
