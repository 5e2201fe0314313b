import { Injectable } from '@nestjs/common';
import { MailSenderDto, SigningCertificateDto, UpdateMailSenderDto } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { UserEntity } from '../core/auth/user.entity';
import { TenantDb } from '../core/database/tenant-db';
import { fieldError, notFound } from '../core/http/errors';
import { DepartementCertificates } from '../core/signing/departement-certificates';
import { P12Problem } from '../core/signing/p12';
import { DepartementEntity } from '../registry/departement.entity';

/**
 * The configuration a département's administration owns (TENANT-1): the certificate its
 * documents are signed with (SIG-1) and the sender name of its e-mails. The registry of
 * départements is a national table without row-level security: every statement here names
 * the département of the scope.
 */
@Injectable()
export class DepartementSettingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly certificates: DepartementCertificates,
  ) {}

  async mailSender(): Promise<MailSenderDto> {
    const d = await this.departement();
    return { mailSenderName: d.mailSenderName };
  }

  async updateMailSender(dto: UpdateMailSenderDto): Promise<MailSenderDto> {
    return this.db.transaction(async (m) => {
      const name = dto.mailSenderName.trim();
      await m.update(DepartementEntity, { code: this.db.departement }, { mailSenderName: name });
      await this.audit.record(m, { action: 'departement.mail_sender_changed', entityType: 'departement', entityId: this.db.departement });
      return { mailSenderName: name };
    });
  }

  signingCertificate(): Promise<SigningCertificateDto> {
    return this.certificates.describe(this.db.manager);
  }

  /** SIG-1: checks the PKCS#12 (400 in French when it cannot sign) and makes it the département's certificate. */
  async uploadSigningCertificate(user: UserEntity, p12: Buffer, password: string): Promise<SigningCertificateDto> {
    return this.db.transaction(async (m) => {
      const info = await this.certificates.store(m, this.db.departement, p12, password, user.id).catch((err: unknown) => {
        if (err instanceof P12Problem) throw fieldError(err.field, err.message);
        throw err;
      });
      await this.audit.record(m, {
        action: 'departement.signing_certificate_uploaded',
        entityType: 'departement',
        entityId: this.db.departement,
        details: { validTo: info.validTo.toISOString(), rule: 'SIG-1' },
      });
      return this.certificates.describe(m);
    });
  }

  async removeSigningCertificate(): Promise<SigningCertificateDto> {
    return this.db.transaction(async (m) => {
      if (!(await this.certificates.remove(m))) throw notFound('Le département n’a pas de certificat de signature déposé.');
      await this.audit.record(m, {
        action: 'departement.signing_certificate_removed',
        entityType: 'departement',
        entityId: this.db.departement,
        details: { rule: 'SIG-1' },
      });
      return this.certificates.describe(m);
    });
  }

  private async departement(): Promise<DepartementEntity> {
    const d = await this.db.getRepository(DepartementEntity).findOne({ where: { code: this.db.departement } });
    if (!d) throw notFound(`Le département ${this.db.departement} n'est pas configuré.`);
    return d;
  }
}
