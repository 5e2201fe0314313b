import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { TestApp, TestClient } from '../test-app';

/** The files the strategy suites download and read back: PDF (poppler) and XLSX. */

/** A binary GET with the client's session (TestClient decodes bodies as text). */
export async function download(
  t: TestApp,
  c: TestClient,
  path: string,
): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const cookie = Object.entries(c.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const res = await fetch(`${t.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** Downloads a file and fails the test unless the answer is 200 with this content type. */
export async function downloadOk(
  t: TestApp,
  c: TestClient,
  path: string,
  contentType: string,
): Promise<Buffer> {
  const r = await download(t, c, path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.toString('utf8').slice(0, 300)}`);
  expect(r.headers.get('content-type')).toContain(contentType);
  return r.body;
}

/** Runs a poppler tool (pdftotext, pdfsig, pdfimages, pdfinfo) on a PDF held in memory. */
export function poppler(
  tool: 'pdftotext' | 'pdfsig' | 'pdfimages' | 'pdfinfo',
  pdf: Buffer,
  args: string[] = [],
): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-strategy-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const argv = tool === 'pdftotext' ? ['-enc', 'UTF-8', ...args, file, '-'] : [...args, file];
    const r = spawnSync(tool, argv, { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF (pdftotext), with line and page breaks and runs of spaces collapsed to one space. */
export function pdfWords(pdf: Buffer): string {
  const { code, out } = poppler('pdftotext', pdf);
  if (code !== 0) throw new Error(`pdftotext failed: ${out}`);
  return normalise(out);
}

/** Whitespace collapsed, typographic apostrophes made plain: titles wrap in the PDF. */
export function normalise(s: string): string {
  return s
    .replace(/[\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A workbook read back: its parts, and each sheet's rows (cells by column, null when empty). */
export interface Workbook {
  files: string[];
  contentTypes: string;
  sheets: { name: string; path: string; rows: (string | number | null)[][]; xml: string }[];
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Unzips an XLSX and parses its workbook and sheet XML (inline strings and numbers, as the portal writes them). */
export function readXlsx(buf: Buffer): Workbook {
  const zip = unzipSync(new Uint8Array(buf));
  const text = (name: string) => {
    const f = zip[name];
    if (!f) throw new Error(`${name} missing from the workbook`);
    return strFromU8(f);
  };
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const targets = new Map(
    [...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map(
      (m) => [m[1], `xl/${m[2]}`] as const,
    ),
  );
  const sheets = [...workbook.matchAll(/<sheet name="([^"]*)" sheetId="\d+" r:id="([^"]+)"\/>/g)].map((m) => {
    const path = targets.get(m[2]);
    if (!path) throw new Error(`sheet ${m[1]}: no relationship ${m[2]}`);
    const xml = text(path);
    const rows: (string | number | null)[][] = [];
    for (const row of xml.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
      const cells: (string | number | null)[] = [];
      for (const c of row[2].matchAll(/<c r="([A-Z]+)(\d+)"([^>]*)>(.*?)<\/c>/gs)) {
        if (c[2] !== row[1]) throw new Error(`cell ${c[1]}${c[2]} in row ${row[1]}`);
        const inline = /t="inlineStr"/.test(c[3]);
        const value = inline
          ? unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(c[4])?.[1] ?? '')
          : Number(/<v>(.*?)<\/v>/s.exec(c[4])?.[1]);
        const idx = columnIndex(c[1]);
        while (cells.length < idx) cells.push(null);
        cells[idx] = value;
      }
      rows[Number(row[1]) - 1] = cells;
    }
    return { name: unescapeXml(m[1]), path, rows: Array.from(rows, (r) => r ?? []), xml };
  });
  return { files: Object.keys(zip), contentTypes: text('[Content_Types].xml'), sheets };
}

/** The sheet of that name (fails the test when absent). */
export function sheet(wb: Workbook, name: string): Workbook['sheets'][number] {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet "${name}" (sheets: ${wb.sheets.map((x) => x.name).join(', ')})`);
  return s;
}

/** The rows of a sheet after its header, each padded with nulls to the header's width. */
export function body(s: Workbook['sheets'][number]): (string | number | null)[][] {
  const width = s.rows[0]?.length ?? 0;
  return s.rows.slice(1).map((r) => [...r, ...Array<null>(Math.max(0, width - r.length)).fill(null)]);
}

/**
 * A small XML well-formedness check: tags balance, attributes are quoted, and every `&`
 * starts one of the five predefined entities or a character reference.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (!xml.startsWith('<?xml ')) problems.push('no XML declaration');
  const stack: string[] = [];
  for (const m of xml.matchAll(/<([^>]*)>/g)) {
    const tag = m[1];
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const name = /^([A-Za-z_][\w:.-]*)/.exec(tag)?.[1];
    if (!name) {
      problems.push(`bad tag <${tag}>`);
      continue;
    }
    const attrs = tag.slice(name.length).replace(/\/$/, '');
    if (!/^(\s+[\w:.-]+="[^"<]*")*\s*$/.test(attrs)) problems.push(`bad attributes in <${tag}>`);
    if (!tag.endsWith('/')) stack.push(name);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  for (const m of xml.matchAll(/&([^;\s]{0,10});?/g)) {
    if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) problems.push(`bad entity ${m[0]}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) problems.push('control character');
  return problems;
}
