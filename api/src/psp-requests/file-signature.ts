/** Accepted upload types, recognised by their first bytes (magic numbers), never by name. */
const SIGNATURES: { type: 'application/pdf' | 'image/jpeg' | 'image/png'; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export type AcceptedContentType = (typeof SIGNATURES)[number]['type'];

export function detectContentType(buffer: Buffer): AcceptedContentType | null {
  for (const s of SIGNATURES) {
    if (buffer.length >= s.bytes.length && s.bytes.every((b, i) => buffer[i] === b)) return s.type;
  }
  return null;
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
