import {
  ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  Delete,
  ExceptionFilter,
  Get,
  PayloadTooLargeException,
  Put,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MailSenderDto, Permission, SigningCertificateDto } from '@cdlp/shared';
import { UpdateMailSenderDto, UploadSigningCertificateDto } from '@cdlp/shared/dto';
import { CurrentUser } from '../core/auth/current-user';
import { RequirePermission } from '../core/auth/permission.decorator';
import { UserEntity } from '../core/auth/user.entity';
import { currentRequestId } from '../core/context/request-context';
import { DepartementSettingsService } from './departement-settings.service';

/** A PKCS#12 file holds a key and a few certificates: a few kilobytes. */
const P12_MAX_BYTES = 512 * 1024;

@Catch(PayloadTooLargeException)
class CertificateTooLargeFilter implements ExceptionFilter {
  catch(_exception: PayloadTooLargeException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(400)
      .json({
        statusCode: 400,
        message: 'Le fichier dépasse la taille maximale d’un certificat (512 Ko).',
        errors: [{ field: 'file', message: 'Fichier trop volumineux pour un certificat PKCS#12 (512 Ko au plus).' }],
        requestId: currentRequestId() ?? undefined,
      });
  }
}

/** The configuration of the caller's own département (TENANT-1), for its administration. */
@ApiTags('departement-settings')
@Controller('departement-settings')
export class DepartementSettingsController {
  constructor(private readonly settings: DepartementSettingsService) {}

  @RequirePermission(Permission.CONFIG_MANAGE)
  @Get('mail-sender')
  mailSender(): Promise<MailSenderDto> {
    return this.settings.mailSender();
  }

  @RequirePermission(Permission.CONFIG_MANAGE)
  @Put('mail-sender')
  updateMailSender(@Body() dto: UpdateMailSenderDto): Promise<MailSenderDto> {
    return this.settings.updateMailSender(dto);
  }

  /** SIG-1: subject and validity of the certificate the département signs with; never the key. */
  @RequirePermission(Permission.CONFIG_MANAGE)
  @Get('signing-certificate')
  signingCertificate(): Promise<SigningCertificateDto> {
    return this.settings.signingCertificate();
  }

  /** SIG-1: the préfet's own certificate (PKCS#12 file in `file`, its password in `password`). */
  @RequirePermission(Permission.CONFIG_MANAGE)
  @Put('signing-certificate')
  @ApiConsumes('multipart/form-data')
  @UseFilters(CertificateTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: P12_MAX_BYTES, files: 1 } }))
  uploadSigningCertificate(
    @CurrentUser() user: UserEntity,
    @Body() dto: UploadSigningCertificateDto,
    @UploadedFile() file: { buffer: Buffer; size: number } | undefined,
  ): Promise<SigningCertificateDto> {
    if (!file || file.size === 0) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'Joignez le fichier PKCS#12 du certificat (.p12 ou .pfx, champ « file »).',
        errors: [{ field: 'file', message: 'Fichier manquant.' }],
      });
    }
    return this.settings.uploadSigningCertificate(user, file.buffer, dto.password);
  }

  /** Back to the instance's certificate (or, in demo mode, the département's demo one). */
  @RequirePermission(Permission.CONFIG_MANAGE)
  @Delete('signing-certificate')
  removeSigningCertificate(): Promise<SigningCertificateDto> {
    return this.settings.removeSigningCertificate();
  }
}
