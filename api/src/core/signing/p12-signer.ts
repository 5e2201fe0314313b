import { Injectable } from '@nestjs/common';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { DepartementCertificates } from './departement-certificates';
import { DocumentSigner } from './signing';

/** SIG-1: signs with the PKCS#12 certificate of the document's département (DepartementCertificates). */
@Injectable()
export class P12DocumentSigner implements DocumentSigner {
  constructor(private readonly certificates: DepartementCertificates) {}

  async sign(pdfWithPlaceholder: Buffer, departement: string): Promise<Buffer> {
    const { p12, password } = await this.certificates.material(departement);
    return new SignPdf().sign(pdfWithPlaceholder, new P12Signer(p12, { passphrase: password }));
  }
}
