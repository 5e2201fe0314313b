import { createHash } from 'node:crypto';

/** The hash of the first row's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every depth, so that the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  // Values with toJSON (Date) are written as JSON.stringify writes them into the jsonb column,
  // so that the verification of a re-read row finds the same hash.
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Each row stores SHA-256(previous row's hash + its own canonical content). */
export function chainHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}
