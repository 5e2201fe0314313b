import { createHash } from 'node:crypto';
import { AuditContent, GENESIS_HASH, canonicalJson, chainHash } from './audit-hash';

const content = (over: Partial<AuditContent> = {}): AuditContent => ({
  occurredAt: '2026-03-01T10:00:00.000Z',
  actorUserId: '7b0c6a4e-0d5f-4f0e-9a43-2c1f7f7b8e01',
  actorRole: 'SECRETARIAT',
  action: 'member.created',
  entityType: 'member',
  entityId: 'c2f1f1c4-93c1-4f05-8a0f-1d2d4d6b9a10',
  requestId: 'req-12345678',
  details: { seat: 'TITULAIRE', categoryCode: 'ETAT_SANTE' },
  ...over,
});

describe('canonicalJson', () => {
  it('does not depend on the order of the keys, at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'é' } };
    const b = { a: { x: 'é', y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"é","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  it('keeps the order of arrays, which is meaningful', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('drops undefined properties as JSON does, so that they hash like absent ones', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('writes scalars as JSON', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(12.5)).toBe('12.5');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes values with toJSON (dates) as the database stores them, so a re-read row hashes the same', () => {
    const details = { endDate: new Date('2026-06-30T00:00:00.000Z'), nested: { at: new Date(0) } };
    const asStored: unknown = JSON.parse(JSON.stringify(details));
    expect(canonicalJson(details)).toBe(canonicalJson(asStored));
    expect(canonicalJson(details)).toBe('{"endDate":"2026-06-30T00:00:00.000Z","nested":{"at":"1970-01-01T00:00:00.000Z"}}');
  });
});

describe('chainHash', () => {
  it('is SHA-256 of the previous hash followed by the canonical content', () => {
    const c = content();
    const expected = createHash('sha256').update(GENESIS_HASH + canonicalJson(c)).digest('hex');
    expect(chainHash(GENESIS_HASH, c)).toBe(expected);
    expect(chainHash(GENESIS_HASH, c)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the genesis hash is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is the same for the same content whatever the key order of details', () => {
    const h1 = chainHash(GENESIS_HASH, content({ details: { a: 1, b: { c: 2, d: 3 } } }));
    const h2 = chainHash(GENESIS_HASH, content({ details: { b: { d: 3, c: 2 }, a: 1 } }));
    expect(h1).toBe(h2);
  });

  it.each<[string, Partial<AuditContent>]>([
    ['occurredAt', { occurredAt: '2026-03-01T10:00:00.001Z' }],
    ['actorUserId', { actorUserId: null }],
    ['actorRole', { actorRole: 'ADMIN' }],
    ['action', { action: 'member.updated' }],
    ['entityType', { entityType: 'association' }],
    ['entityId', { entityId: null }],
    ['requestId', { requestId: 'req-87654321' }],
    ['details', { details: { seat: 'SUPPLEANT', categoryCode: 'ETAT_SANTE' } }],
  ])('changes when %s changes', (_field, change) => {
    expect(chainHash(GENESIS_HASH, content(change))).not.toBe(chainHash(GENESIS_HASH, content()));
  });

  it('changes with the previous hash, so that rows are chained', () => {
    const c = content();
    const first = chainHash(GENESIS_HASH, c);
    expect(chainHash(first, c)).not.toBe(first);
    expect(chainHash('f'.repeat(64), c)).not.toBe(chainHash('e'.repeat(64), c));
  });

  it('a change in an earlier row changes every later hash', () => {
    const rows = [content({ action: 'a' }), content({ action: 'b' }), content({ action: 'c' })];
    const chain = (list: AuditContent[]) =>
      list.reduce<string[]>((acc, r) => [...acc, chainHash(acc[acc.length - 1] ?? GENESIS_HASH, r)], []);
    const original = chain(rows);
    const tampered = chain([content({ action: 'x' }), rows[1], rows[2]]);
    expect(tampered.every((h, i) => h !== original[i])).toBe(true);
  });
});
