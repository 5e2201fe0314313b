import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { DeliberationDto, Permission } from '@cdlp/shared';
import {
  CastBallotDto,
  CommentDto,
  DeclareInterestDto,
  DissentDto,
  ItemNotesDto,
  PhysicalRequestDto,
} from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { DeliberationExchangesService } from './deliberation-exchanges.service';
import { DeliberationService } from './deliberation.service';

export class SetChairDto {
  @IsUUID('4', { message: 'Le membre qui préside est invalide.' })
  memberId!: string;

  @IsString({ message: 'La délégation est obligatoire.' })
  @IsNotEmpty({ message: 'La délégation est obligatoire.' })
  @MaxLength(300)
  delegation!: string;
}

@ApiTags('deliberation')
@Controller('sittings/:id')
export class DeliberationController {
  constructor(
    private readonly deliberation: DeliberationService,
    private readonly exchanges: DeliberationExchangesService,
  ) {}

  @RequirePermission(Permission.SITTINGS_READ)
  @Get('deliberation')
  get(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<DeliberationDto> {
    return this.deliberation.get(user, id);
  }

  @RequirePermission(Permission.SITTINGS_CHAIR)
  @Put('chair')
  chair(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetChairDto): Promise<DeliberationDto> {
    return this.exchanges.setChair(user, id, dto.memberId, dto.delegation);
  }

  @RequirePermission(Permission.SITTINGS_CHAIR)
  @Post('items/:itemId/vote/open')
  @HttpCode(200)
  open(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<DeliberationDto> {
    return this.deliberation.openVote(user, id, itemId);
  }

  @RequirePermission(Permission.SITTINGS_CHAIR)
  @Post('items/:itemId/vote/close')
  @HttpCode(200)
  close(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<DeliberationDto> {
    return this.deliberation.closeVote(user, id, itemId);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post('items/:itemId/vote/remind')
  @HttpCode(200)
  remind(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<{ reminded: number }> {
    return this.exchanges.remindNonVoters(user, id, itemId);
  }

  @RequirePermission(Permission.SITTINGS_ANSWER)
  @Post('items/:itemId/ballots')
  @HttpCode(200)
  cast(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: CastBallotDto,
  ): Promise<DeliberationDto> {
    return this.deliberation.cast(user, id, itemId, dto);
  }

  @RequirePermission(Permission.SITTINGS_ANSWER)
  @Post('items/:itemId/interests')
  @HttpCode(200)
  interest(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: DeclareInterestDto,
  ): Promise<DeliberationDto> {
    return this.deliberation.declareInterest(user, id, itemId, dto);
  }

  @RequirePermission(Permission.SITTINGS_ANSWER)
  @Post('items/:itemId/dissent')
  @HttpCode(200)
  dissent(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: DissentDto,
  ): Promise<DeliberationDto> {
    return this.deliberation.recordDissent(user, id, itemId, dto);
  }

  @RequirePermission(Permission.SITTINGS_ANSWER)
  @Post('items/:itemId/physical-request')
  @HttpCode(200)
  physical(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: PhysicalRequestDto,
  ): Promise<DeliberationDto> {
    return this.exchanges.requestPhysicalSitting(user, id, itemId, dto);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Put('items/:itemId/notes')
  notes(
    @CurrentUser() user: UserEntity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: ItemNotesDto,
  ): Promise<DeliberationDto> {
    return this.exchanges.updateNotes(user, id, itemId, dto);
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Post('comments')
  @HttpCode(200)
  comment(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CommentDto): Promise<DeliberationDto> {
    return this.exchanges.comment(user, id, dto);
  }
}
