import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** What a PKCS#12 file holds, as far as signing is concerned (SIG-1). */
export interface P12Certificate {
  subject: string;
  validFrom: Date;
  validTo: Date;
}

/** Why an uploaded PKCS#12 file cannot sign, with the field at fault and a French message. */
export class P12Problem extends Error {
  constructor(
    readonly field: 'file' | 'password',
    message: string,
  ) {
    super(message);
    this.name = 'P12Problem';
  }
}

/** Extended key usages that allow signing documents (e-mail protection, client authentication, document signing). */
const SIGNING_EKU = new Set([
  '1.3.6.1.5.5.7.3.4', // emailProtection
  '1.3.6.1.5.5.7.3.2', // clientAuth (RGS signature certificates carry it)
  '1.3.6.1.5.5.7.3.36', // id-kp-documentSigning
  '1.3.6.1.4.1.311.10.3.12', // Microsoft document signing
  '1.2.840.113583.1.1.5', // Adobe authentic documents
  '2.5.29.37.0', // anyExtendedKeyUsage
]);

const frDate = (d: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(d);

/** The subject as shown on the settings page: `CN=…, O=…, C=FR`. */
export function subjectOf(cert: forge.pki.Certificate): string {
  return cert.subject.attributes.map((a) => `${a.shortName ?? a.name}=${forge.util.decodeUtf8(String(a.value))}`).join(', ');
}

/**
 * Opens a PKCS#12 file and returns the certificate of its private key, or says in French why
 * it cannot sign at `now`: unreadable file, wrong password, no key, no matching certificate,
 * a key other than RSA, not yet or no longer valid, a certificate authority, or a key usage
 * that excludes signing.
 */
export function inspectSigningP12(p12: Buffer, password: string, now: Date): P12Certificate {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(p12.toString('binary'));
  } catch {
    throw new P12Problem('file', 'Ce fichier n’est pas un fichier PKCS#12 (.p12 ou .pfx) lisible.');
  }
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/password|MAC|decrypt/i.test(message)) throw new P12Problem('password', 'Mot de passe incorrect pour ce fichier PKCS#12.');
    if (/OID|private key/i.test(message)) throw new P12Problem('file', 'Seules les clés RSA sont prises en charge pour la signature.');
    throw new P12Problem('file', 'Ce fichier n’est pas un fichier PKCS#12 (.p12 ou .pfx) lisible.');
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new P12Problem('file', 'Le fichier ne contient pas de clé privée : il ne permet pas de signer.');
  if (!key.n || !key.e) throw new P12Problem('file', 'Seules les clés RSA sont prises en charge pour la signature.');
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c);
  const cert = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return !!pub.n && pub.n.equals(key.n) && pub.e.equals(key.e);
  });
  if (!cert) throw new P12Problem('file', 'Le fichier ne contient pas le certificat de sa clé privée.');
  if (cert.validity.notAfter.getTime() <= now.getTime()) {
    throw new P12Problem('file', `Ce certificat a expiré le ${frDate(cert.validity.notAfter)} : il ne peut plus signer.`);
  }
  if (cert.validity.notBefore.getTime() > now.getTime()) {
    throw new P12Problem('file', `Ce certificat n’est valide qu’à partir du ${frDate(cert.validity.notBefore)}.`);
  }
  const basic = cert.getExtension('basicConstraints') as { cA?: boolean } | null;
  if (basic?.cA) {
    throw new P12Problem('file', 'Ce certificat est celui d’une autorité de certification, pas celui d’un signataire.');
  }
  const usage = cert.getExtension('keyUsage') as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
  if (usage && !usage.digitalSignature && !usage.nonRepudiation) {
    throw new P12Problem('file', 'Ce certificat ne permet pas de signer : son usage de clé exclut la signature.');
  }
  const eku = cert.getExtension('extKeyUsage') as Record<string, unknown> | null;
  if (eku) {
    // node-forge lists each purpose as `name: true` (or `oid: true` when it has no name).
    const oids = Object.keys(eku)
      .filter((k) => k !== 'critical' && eku[k] === true)
      .map((k) => forge.pki.oids[k] ?? k)
      .filter((k) => /^\d+(\.\d+)+$/.test(k));
    if (oids.length > 0 && !oids.some((o) => SIGNING_EKU.has(o))) {
      throw new P12Problem('file', 'Ce certificat est réservé à un autre usage (serveur, horodatage…) : il ne permet pas de signer des documents.');
    }
  }
  return { subject: subjectOf(cert), validFrom: cert.validity.notBefore, validTo: cert.validity.notAfter };
}

export interface SelfSignedOptions {
  attributes: { name: string; value: string }[];
  notBefore?: Date;
  notAfter?: Date;
  keyUsage?: { digitalSignature?: boolean; nonRepudiation?: boolean; keyCertSign?: boolean; keyEncipherment?: boolean };
  extKeyUsage?: Record<string, boolean>;
  ca?: boolean;
  password?: string;
}

/**
 * A self-signed PKCS#12 (demo certificates, tests). The RSA key is generated by Node's
 * crypto (native, a few tens of milliseconds) rather than by node-forge (seconds).
 */
export function createSelfSignedP12(opts: SelfSignedOptions): { p12: Buffer; password: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 5 * 365 * 86_400_000);
  cert.setSubject(opts.attributes);
  cert.setIssuer(opts.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: opts.ca ?? false },
    { name: 'keyUsage', ...(opts.keyUsage ?? { digitalSignature: true, nonRepudiation: true }) },
  ];
  if (opts.extKeyUsage) extensions.push({ name: 'extKeyUsage', ...opts.extKeyUsage });
  cert.setExtensions(extensions);
  cert.sign(key, forge.md.sha256.create());
  const password = opts.password ?? randomBytes(18).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password };
}

/** Plain ASCII: every PDF reader decodes it (UTF8String names broke poppler's check). */
export function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '');
}

/**
 * SIG-1, demo mode only: a self-signed certificate naming the département's préfecture. It
 * proves integrity, not identity.
 */
export function createDemoCertificate(departement: { code: string; name: string; prefecture: string }): { p12: Buffer; password: string } {
  return createSelfSignedP12({
    attributes: [
      { name: 'commonName', value: ascii(`Prefecture ${departement.code} ${departement.name} - certificat de demonstration`) },
      { name: 'organizationName', value: ascii(`Prefecture de ${departement.prefecture} - demonstration, sans valeur legale`) },
      { name: 'localityName', value: ascii(departement.prefecture) },
      { name: 'countryName', value: 'FR' },
    ],
  });
}
