/**
 * SIG-1: signing goes through this interface, so that a real signing device (an HSM
 * through PKCS#11, or a parapheur such as i-Parapheur) can replace the PKCS#12 files.
 * An implementation receives a PDF that already holds an empty signature placeholder
 * and returns it signed (PAdES, detached CMS over the byte ranges), with the certificate
 * of the département the document belongs to (each préfet signs with their own).
 */
export interface DocumentSigner {
  /** Signs a PDF prepared with a signature placeholder, as the given département. */
  sign(pdfWithPlaceholder: Buffer, departement: string): Promise<Buffer>;
}

export const DOCUMENT_SIGNER = Symbol('DOCUMENT_SIGNER');
