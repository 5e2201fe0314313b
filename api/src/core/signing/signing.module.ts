import { Global, Module } from '@nestjs/common';
import { P12DocumentSigner } from './p12-signer';
import { DOCUMENT_SIGNER } from './signing';

/** Replace the provider of DOCUMENT_SIGNER to sign with an HSM or a parapheur (see README). */
@Global()
@Module({
  providers: [P12DocumentSigner, { provide: DOCUMENT_SIGNER, useExisting: P12DocumentSigner }],
  exports: [DOCUMENT_SIGNER],
})
export class SigningModule {}
