import { randomBytes } from 'node:crypto';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { CryptoService } from './crypto.service';

const K1 = randomBytes(32);
const K2 = randomBytes(32);

/** A CryptoService configured as the app would be from DATA_ENCRYPTION_KEYS. */
function service(keys: string): CryptoService {
  // Demo mode keeps the other production-only settings out of the way; the keys given win over the demo key.
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
    DEMO_MODE: 'true',
    DATA_ENCRYPTION_KEYS: keys,
  });
  return new CryptoService(config);
}
const k1 = `k1:${K1.toString('base64')}`;
const k2 = `k2:${K2.toString('base64')}`;
const AAD = 'psp_request:00000000-0000-4000-8000-000000000001:dossier';

/** Offsets in the layout: version | id length | id | IV (12) | tag (16) | ciphertext. */
const layout = (data: Buffer) => {
  const idLength = data[1];
  const iv = 2 + idLength;
  return { keyId: data.subarray(2, iv).toString('utf8'), iv, tag: iv + 12, body: iv + 28 };
};

describe('CryptoService (DP-1: AES-256-GCM at rest, key rotation)', () => {
  it('DP-1: round-trips bytes, text and JSON; the ciphertext does not contain the plaintext', () => {
    const c = service(k1);
    const text = 'Zéphyrine Quartzbelle, née le 1995-03-10';
    const enc = c.encryptText(text, AAD);
    expect(enc.includes(Buffer.from(text, 'utf8'))).toBe(false);
    expect(enc.includes(Buffer.from('Quartzbelle', 'utf8'))).toBe(false);
    expect(c.decryptText(enc, AAD)).toBe(text);
    const json = { lastName: 'Quartzbelle', childrenCount: 2, supportPlan: [{ pillar: 'SANTE' }] };
    expect(c.decryptJson(c.encryptJson(json, AAD), AAD)).toEqual(json);
    const bytes = randomBytes(1000);
    expect(c.decrypt(c.encrypt(bytes, AAD), AAD).equals(bytes)).toBe(true);
  });

  it('DP-1: each encryption uses a fresh IV (same plaintext, different ciphertexts)', () => {
    const c = service(k1);
    const a = c.encryptText('même texte', AAD);
    const b = c.encryptText('même texte', AAD);
    expect(a.equals(b)).toBe(false);
    const la = layout(a);
    expect(a.subarray(la.iv, la.tag).equals(b.subarray(la.iv, la.tag))).toBe(false);
  });

  it('DP-1: the ciphertext carries the id of the key that encrypted it', () => {
    const enc = service(k1).encryptText('x', AAD);
    expect(enc[0]).toBe(1);
    expect(layout(enc).keyId).toBe('k1');
  });

  it('DP-1: rotation: data written with k1 is read by a service configured "k2,k1", which now encrypts with k2', () => {
    const old = service(k1);
    const enc1 = old.encryptText('dossier écrit avec k1', AAD);
    const rotated = service(`${k2},${k1}`);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.decryptText(enc1, AAD)).toBe('dossier écrit avec k1');
    const enc2 = rotated.encryptText('dossier réécrit', AAD);
    expect(layout(enc2).keyId).toBe('k2');
    expect(rotated.decryptText(enc2, AAD)).toBe('dossier réécrit');
    // The old service cannot read what the new key wrote.
    expect(() => old.decryptText(enc2, AAD)).toThrow('Encryption key k2 is not configured');
  });

  it('DP-1: once k1 is removed from the configuration, its ciphertexts are refused (unknown key id)', () => {
    const enc1 = service(k1).encryptText('secret', AAD);
    expect(() => service(k2).decryptText(enc1, AAD)).toThrow('Encryption key k1 is not configured');
  });

  it('DP-1: a key configured under the right id but with other bytes does not decrypt', () => {
    const enc = service(k1).encryptText('secret', AAD);
    const impostor = service(`k1:${randomBytes(32).toString('base64')}`);
    expect(() => impostor.decryptText(enc, AAD)).toThrow();
  });

  it('DP-1: a wrong AAD (ciphertext moved to another row or column) fails', () => {
    const c = service(k1);
    const enc = c.encryptText('secret', AAD);
    expect(() => c.decryptText(enc, AAD.replace('0001', '0002'))).toThrow();
    expect(() => c.decryptText(enc, 'psp_request:00000000-0000-4000-8000-000000000001:waiver')).toThrow();
    expect(() => c.decryptText(enc, '')).toThrow();
    expect(c.decryptText(enc, AAD)).toBe('secret');
  });

  it.each(['iv', 'tag', 'body'] as const)('DP-1: a tampered byte in the %s fails', (part) => {
    const c = service(k1);
    const enc = c.encryptText('un texte assez long pour avoir un corps', AAD);
    const offset = layout(enc)[part] + 1;
    const tampered = Buffer.from(enc);
    tampered[offset] ^= 0x01;
    expect(() => c.decryptText(tampered, AAD)).toThrow();
  });

  it('DP-1: flipping any single byte of the ciphertext is detected', () => {
    const c = service(k1);
    const enc = c.encryptText('abc', AAD);
    for (let i = 0; i < enc.length; i++) {
      const tampered = Buffer.from(enc);
      tampered[i] ^= 0x80;
      expect(() => c.decryptText(tampered, AAD)).toThrow();
    }
  });

  it('DP-1: a truncated ciphertext or an unknown format version fails', () => {
    const c = service(k1);
    const enc = c.encryptText('abc', AAD);
    expect(() => c.decryptText(enc.subarray(0, enc.length - 1), AAD)).toThrow();
    expect(() => c.decryptText(Buffer.alloc(0), AAD)).toThrow('Unknown ciphertext format');
    const v2 = Buffer.from(enc);
    v2[0] = 2;
    expect(() => c.decryptText(v2, AAD)).toThrow('Unknown ciphertext format');
  });

  it('DP-1: a ciphertext whose key id byte is altered names an unknown key', () => {
    const c = service(`${k2},${k1}`);
    const enc = c.encryptText('abc', AAD);
    const tampered = Buffer.from(enc);
    tampered[2] = 'x'.charCodeAt(0); // "k2" becomes "x2"
    expect(() => c.decryptText(tampered, AAD)).toThrow('Encryption key x2 is not configured');
  });

  it('DP-1: DATA_ENCRYPTION_KEYS refuses a key that is not 32 bytes or an id that is not allowed', () => {
    expect(() => service(`k1:${randomBytes(16).toString('base64')}`)).toThrow(ConfigError);
    expect(() => service(`bad id:${K1.toString('base64')}`)).toThrow(ConfigError);
    expect(() => service(K1.toString('base64'))).toThrow(ConfigError);
  });

  it('DP-1: the first configured key encrypts, every configured key decrypts', () => {
    const config = {
      encryptionKeys: [
        { id: 'a', key: K1 },
        { id: 'b', key: K2 },
      ],
    } as unknown as AppConfig;
    const both = new CryptoService(config);
    const onlyB = new CryptoService({ encryptionKeys: [{ id: 'b', key: K2 }] } as unknown as AppConfig);
    expect(both.currentKeyId).toBe('a');
    expect(both.decryptText(onlyB.encryptText('par b', AAD), AAD)).toBe('par b');
  });
});
