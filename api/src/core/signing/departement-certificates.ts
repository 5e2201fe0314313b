import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { EntityManager } from 'typeorm';
import { SigningCertificateDto, SigningCertificateSource } from '@cdlp/shared';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CryptoService } from '../crypto/crypto.service';
import { TenantDb } from '../database/tenant-db';
import { UserEntity } from '../auth/user.entity';
import { DepartementEntity } from '../../registry/departement.entity';
import { DepartementCertificateEntity } from './departement-certificate.entity';
import { P12Certificate, P12Problem, createDemoCertificate, inspectSigningP12 } from './p12';

/** What a document of a département is signed with. */
export interface SigningMaterial {
  source: Exclude<SigningCertificateSource, 'NONE'>;
  p12: Buffer;
  password: string;
  subject: string;
}

const p12Aad = (code: string) => `departement_signing_certificate:${code}:p12`;
const passwordAad = (code: string) => `departement_signing_certificate:${code}:password`;

/**
 * SIG-1: each préfet signs with their own certificate. The certificate of a département is,
 * in this order: the one its administration uploaded; else the instance's
 * (SIGNING_P12_PATH); else, in demo mode only, a demo certificate of the département, created
 * on first use and kept (encrypted) in the database, so that every api instance signs with
 * the same one. Reads and writes go through the département's scope (row-level security).
 */
@Injectable()
export class DepartementCertificates implements OnModuleInit {
  private readonly logger = new Logger(DepartementCertificates.name);
  private instance: (SigningMaterial & { validFrom: Date | null; validTo: Date | null }) | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.signingP12Path) return;
    const p12 = readFileSync(this.config.signingP12Path);
    const password = this.config.signingP12Password ?? '';
    let info: P12Certificate | null = null;
    try {
      info = inspectSigningP12(p12, password, this.clock.now());
    } catch (err) {
      // Kept as before this check existed: the signature itself will say what is wrong.
      this.logger.warn(`SIGNING_P12_PATH : ${err instanceof P12Problem ? err.message : String(err)}`);
    }
    this.instance = {
      source: 'INSTANCE',
      p12,
      password,
      subject: info?.subject ?? 'certificat de l’instance (illisible)',
      validFrom: info?.validFrom ?? null,
      validTo: info?.validTo ?? null,
    };
  }

  /** The certificate the département signs with now; creates its demo certificate if needed. */
  async material(departement: string): Promise<SigningMaterial> {
    return this.db.run(departement, async (m) => {
      const row = await this.row(m);
      if (row && !row.demo) return this.decrypt(row);
      if (this.instance) return this.instance;
      if (!this.config.demoMode) throw new Error(`No signing certificate for département ${departement}`);
      return this.decrypt(row ?? (await this.createDemo(m, departement)));
    });
  }

  /** What the settings page shows: never the key nor its password. */
  async describe(m: EntityManager): Promise<SigningCertificateDto> {
    const row = await m.getRepository(DepartementCertificateEntity).findOne({ where: {} });
    if (row && !row.demo) {
      const uploader = row.uploadedBy ? await m.getRepository(UserEntity).findOne({ where: { id: row.uploadedBy } }) : null;
      return {
        source: 'DEPARTEMENT',
        subject: row.subject,
        validFrom: row.validFrom?.toISOString() ?? null,
        validTo: row.validTo?.toISOString() ?? null,
        uploadedAt: row.uploadedAt.toISOString(),
        uploadedByName: uploader ? `${uploader.firstName} ${uploader.lastName}` : null,
      };
    }
    if (this.instance) {
      return {
        source: 'INSTANCE',
        subject: this.instance.subject,
        validFrom: this.instance.validFrom?.toISOString() ?? null,
        validTo: this.instance.validTo?.toISOString() ?? null,
        uploadedAt: null,
        uploadedByName: null,
      };
    }
    if (this.config.demoMode) {
      // Created on first use: the page shows what the first signature will use.
      return {
        source: 'DEMO',
        subject: row?.subject ?? null,
        validFrom: row?.validFrom?.toISOString() ?? null,
        validTo: row?.validTo?.toISOString() ?? null,
        uploadedAt: null,
        uploadedByName: null,
      };
    }
    return { source: 'NONE', subject: null, validFrom: null, validTo: null, uploadedAt: null, uploadedByName: null };
  }

  /** Checks an uploaded PKCS#12 (throws P12Problem) and makes it the département's certificate. */
  async store(m: EntityManager, departement: string, p12: Buffer, password: string, userId: string): Promise<P12Certificate> {
    const info = inspectSigningP12(p12, password, this.clock.now());
    await m.query(`DELETE FROM departement_signing_certificate`);
    await m.insert(DepartementCertificateEntity, {
      departementCode: departement,
      p12Enc: this.crypto.encrypt(p12, p12Aad(departement)),
      passwordEnc: this.crypto.encryptText(password, passwordAad(departement)),
      keyId: this.crypto.currentKeyId,
      subject: info.subject,
      validFrom: info.validFrom,
      validTo: info.validTo,
      uploadedBy: userId,
      uploadedAt: this.clock.now(),
      demo: false,
    });
    return info;
  }

  /** Forgets the uploaded certificate: the département signs with the instance's (or a demo one) again. */
  async remove(m: EntityManager): Promise<boolean> {
    const r: [unknown[], number] = await m.query(`DELETE FROM departement_signing_certificate WHERE NOT demo`);
    return r[1] > 0;
  }

  private row(m: EntityManager): Promise<DepartementCertificateEntity | null> {
    return m
      .getRepository(DepartementCertificateEntity)
      .createQueryBuilder('c')
      .addSelect(['c.p12Enc', 'c.passwordEnc'])
      .getOne();
  }

  private decrypt(row: DepartementCertificateEntity): SigningMaterial {
    return {
      source: row.demo ? 'DEMO' : 'DEPARTEMENT',
      p12: this.crypto.decrypt(row.p12Enc, p12Aad(row.departementCode)),
      password: this.crypto.decryptText(row.passwordEnc, passwordAad(row.departementCode)),
      subject: row.subject,
    };
  }

  /** Demo mode: the département's demo certificate; two concurrent first signatures keep one. */
  private async createDemo(m: EntityManager, departement: string): Promise<DepartementCertificateEntity> {
    const dep = await m.getRepository(DepartementEntity).findOneOrFail({ where: { code: departement } });
    const { p12, password } = createDemoCertificate(dep);
    const info = inspectSigningP12(p12, password, this.clock.now());
    await m.query(
      `INSERT INTO departement_signing_certificate
         (departement_code, p12_enc, password_enc, key_id, subject, valid_from, valid_to, uploaded_by, uploaded_at, demo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, true) ON CONFLICT (departement_code) DO NOTHING`,
      [
        departement,
        this.crypto.encrypt(p12, p12Aad(departement)),
        this.crypto.encryptText(password, passwordAad(departement)),
        this.crypto.currentKeyId,
        info.subject,
        info.validFrom,
        info.validTo,
        this.clock.now(),
      ],
    );
    this.logger.warn(`Demo signing certificate created for département ${departement} (demo mode only, not a qualified certificate)`);
    const row = await this.row(m);
    if (!row) throw new Error('Demo certificate not stored');
    return row;
  }
}
