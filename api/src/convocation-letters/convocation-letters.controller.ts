import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ConvocationLetterDto, ConvocationProgressDto, Permission } from '@cdlp/shared';
import { ProduceConvocationLettersDto } from '@cdlp/shared/dto';
import { RequirePermission } from '../core/auth/permission.decorator';
import { ConvocationLettersService } from './convocation-letters.service';

/** CONV-1: printed convocations for members without an e-mail address, and the sending progress. */
@ApiTags('sittings')
@Controller('sittings')
export class ConvocationLettersController {
  constructor(private readonly letters: ConvocationLettersService) {}

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Get(':id/convocation/progress')
  progress(@Param('id', ParseUUIDPipe) id: string): Promise<ConvocationProgressDto> {
    return this.letters.progress(id);
  }

  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Get(':id/convocation/letters')
  list(@Param('id', ParseUUIDPipe) id: string): Promise<ConvocationLetterDto[]> {
    return this.letters.list(id);
  }

  /** A state change (the production is recorded), hence a POST that answers the PDF. */
  @RequirePermission(Permission.SITTINGS_MANAGE)
  @Post(':id/convocation/letters.pdf')
  @HttpCode(200)
  async produce(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ProduceConvocationLettersDto,
  ): Promise<StreamableFile> {
    const pdf = await this.letters.produce(id, dto.memberId);
    return new StreamableFile(pdf.content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${pdf.filename}"`,
    });
  }
}
