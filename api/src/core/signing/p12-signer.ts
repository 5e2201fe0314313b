import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import forge from 'node-forge';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DocumentSigner } from './signing';

/** A PKCS#12 file from configuration (SIGNING_P12_PATH / SIGNING_P12_PASSWORD). */
@Injectable()
export class P12DocumentSigner implements DocumentSigner, OnModuleInit {
  private readonly logger = new Logger(P12DocumentSigner.name);
  private p12: Buffer | null = null;
  private password = '';
  private subject = '';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (this.config.signingP12Path) {
      this.p12 = readFileSync(this.config.signingP12Path);
      this.password = this.config.signingP12Password ?? '';
    } else {
      // Demo mode only (the configuration refuses a missing certificate otherwise).
      const path = join(this.config.dataDir, 'signing', 'demo-signature.p12');
      const passwordPath = `${path}.password`;
      if (!existsSync(path)) {
        const { p12, password } = createDemoCertificate();
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, p12, { mode: 0o600 });
        writeFileSync(passwordPath, password, { mode: 0o600 });
        this.logger.warn('Demo signing certificate created (demo mode only, not a qualified certificate)');
      }
      this.p12 = readFileSync(path);
      this.password = readFileSync(passwordPath, 'utf8');
    }
    this.subject = readSubject(this.p12, this.password);
  }

  async sign(pdfWithPlaceholder: Buffer): Promise<Buffer> {
    if (!this.p12) throw new Error('Signing certificate not loaded');
    return new SignPdf().sign(pdfWithPlaceholder, new P12Signer(this.p12, { passphrase: this.password }));
  }

  certificateSubject(): string {
    return this.subject;
  }
}

/** A self-signed certificate for demo mode: it proves integrity, not identity. */
export function createDemoCertificate(): { p12: Buffer; password: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  // Plain ASCII: every PDF reader decodes it (UTF8String names broke poppler's check).
  const attrs = [
    { name: 'commonName', value: 'Portail CDLP - certificat de demonstration' },
    { name: 'organizationName', value: 'Demonstration, sans valeur legale' },
    { name: 'countryName', value: 'FR' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const password = randomBytes(18).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password };
}

function readSubject(p12: Buffer, password: string): string {
  const asn1 = forge.asn1.fromDer(p12.toString('binary'));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const cert = bags[0]?.cert;
  if (!cert) return 'certificat inconnu';
  return cert.subject.attributes.map((a) => `${a.shortName ?? a.name}=${forge.util.decodeUtf8(String(a.value))}`).join(', ');
}
