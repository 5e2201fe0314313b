/**
 * SIG-1: signing goes through this interface, so that a real signing device (an HSM
 * through PKCS#11, or a parapheur such as i-Parapheur) can replace the PKCS#12 file.
 * An implementation receives a PDF that already holds an empty signature placeholder
 * and returns it signed (PAdES, detached CMS over the byte ranges).
 */
export interface DocumentSigner {
  /** Signs a PDF prepared with a signature placeholder. */
  sign(pdfWithPlaceholder: Buffer): Promise<Buffer>;
  /** The certificate's subject, shown on the verification page. */
  certificateSubject(): string;
}

export const DOCUMENT_SIGNER = Symbol('DOCUMENT_SIGNER');
