import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { MinutesDto, Permission, SignedDocumentDto } from '@cdlp/shared';
import { UpdateMinutesDto } from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { MinutesService } from './minutes.service';

@ApiTags('minutes')
@Controller('sittings/:id/minutes')
export class MinutesController {
  constructor(private readonly minutes: MinutesService) {}

  @RequirePermission(Permission.SITTINGS_READ)
  @Get()
  get(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<MinutesDto> {
    return this.minutes.get(user, id);
  }

  @RequirePermission(Permission.MINUTES_EDIT)
  @Post()
  @HttpCode(200)
  draft(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<MinutesDto> {
    return this.minutes.draft(user, id);
  }

  @RequirePermission(Permission.MINUTES_EDIT)
  @Put()
  update(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateMinutesDto): Promise<MinutesDto> {
    return this.minutes.update(user, id, dto);
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get('draft.pdf')
  async pdf(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.minutes.draftPdf(user, id), { type: 'application/pdf', disposition: 'inline; filename="projet-proces-verbal.pdf"' });
  }

  @RequirePermission(Permission.DOCUMENTS_SIGN)
  @Post('sign')
  @HttpCode(200)
  sign(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<MinutesDto> {
    return this.minutes.sign(user, id);
  }

  @RequirePermission(Permission.MINUTES_EDIT)
  @Post('new-version')
  @HttpCode(200)
  newVersion(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<MinutesDto> {
    return this.minutes.newVersion(user, id);
  }

  @RequirePermission(Permission.SITTINGS_READ)
  @Get('documents')
  documents(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<SignedDocumentDto[]> {
    return this.minutes.signedDocuments(user, id);
  }
}
