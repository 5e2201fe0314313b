import { Global, Module } from '@nestjs/common';
import { DepartementCertificates } from './departement-certificates';
import { P12DocumentSigner } from './p12-signer';
import { DOCUMENT_SIGNER } from './signing';

/** Replace the provider of DOCUMENT_SIGNER to sign with an HSM or a parapheur (see README). */
@Global()
@Module({
  providers: [DepartementCertificates, P12DocumentSigner, { provide: DOCUMENT_SIGNER, useExisting: P12DocumentSigner }],
  exports: [DOCUMENT_SIGNER, DepartementCertificates],
})
export class SigningModule {}
