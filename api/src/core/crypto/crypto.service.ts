import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/config';

const VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * DP-1: AES-256-GCM encryption of dossiers and documents at rest.
 * Layout: version (1 byte) | key id length (1) | key id | IV (12) | tag (16) | ciphertext.
 * The key id travels with each ciphertext so that keys can rotate: the first configured
 * key encrypts, every configured key can decrypt. The associated data binds a ciphertext
 * to its row and column, so that it cannot be moved to another record.
 */
@Injectable()
export class CryptoService {
  private readonly keys: Map<string, Buffer>;
  private readonly current: { id: string; key: Buffer };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keys = new Map(config.encryptionKeys.map((k) => [k.id, k.key]));
    this.current = config.encryptionKeys[0];
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const id = Buffer.from(this.current.id, 'utf8');
    return Buffer.concat([Buffer.from([VERSION, id.length]), id, iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer, aad: string): Buffer {
    if (data.length < 2 || data[0] !== VERSION) throw new Error('Unknown ciphertext format');
    const idLength = data[1];
    const keyId = data.subarray(2, 2 + idLength).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Encryption key ${keyId} is not configured`);
    let offset = 2 + idLength;
    const iv = data.subarray(offset, offset + IV_LENGTH);
    offset += IV_LENGTH;
    const tag = data.subarray(offset, offset + TAG_LENGTH);
    offset += TAG_LENGTH;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(offset)), decipher.final()]);
  }

  encryptJson(value: unknown, aad: string): Buffer {
    return this.encrypt(Buffer.from(JSON.stringify(value), 'utf8'), aad);
  }

  decryptJson<T>(data: Buffer, aad: string): T {
    return JSON.parse(this.decrypt(data, aad).toString('utf8')) as T;
  }

  encryptText(value: string, aad: string): Buffer {
    return this.encrypt(Buffer.from(value, 'utf8'), aad);
  }

  decryptText(data: Buffer, aad: string): string {
    return this.decrypt(data, aad).toString('utf8');
  }
}
