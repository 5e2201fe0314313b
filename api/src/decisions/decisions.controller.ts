import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DecisionDto, DecisionProposalDto, Permission, SignedDocumentDto } from '@cdlp/shared';
import { PrepareDecisionDto } from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { DecisionsService } from './decisions.service';

@ApiTags('decisions')
@Controller('psp-requests/:id/decision')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  /** The decision, or null and a proposal pre-filled from the opinion when none is prepared yet. */
  @RequirePermission(Permission.PSP_REQUESTS_READ)
  @Get()
  get(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<{ decision: DecisionDto | null; proposal: DecisionProposalDto | null }> {
    return this.decisions.get(user, id);
  }

  @RequirePermission(Permission.DECISIONS_PREPARE)
  @Put()
  prepare(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string, @Body() dto: PrepareDecisionDto): Promise<DecisionDto> {
    return this.decisions.prepare(user, id, dto);
  }

  @RequirePermission(Permission.PSP_REQUESTS_READ)
  @Get('draft.pdf')
  async preview(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.decisions.previewPdf(user, id), { type: 'application/pdf', disposition: 'inline; filename="projet-decision.pdf"' });
  }

  @RequirePermission(Permission.DOCUMENTS_SIGN)
  @Post('sign')
  @HttpCode(200)
  sign(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<DecisionDto> {
    return this.decisions.sign(user, id);
  }

  @RequirePermission(Permission.PSP_REQUESTS_READ)
  @Get('documents')
  documents(@CurrentUser() user: UserEntity, @Param('id', ParseUUIDPipe) id: string): Promise<SignedDocumentDto[]> {
    return this.decisions.documentsOf(user, id);
  }
}
