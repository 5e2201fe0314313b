import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The common layout of every PDF of the portal: A4, embedded Marianne (the State's
 * typeface, shipped with the DSFR, for use by State services), the République française
 * block, "page X / Y" numbering, and a title and language in the metadata. Text is
 * real text, selectable and extractable with pdftotext.
 */
export interface PdfOptions {
  title: string;
  subject?: string;
  author: string;
  /** Issuing authority under the République française block, e.g. "Préfecture de la Vienne". */
  authority: string;
  /** Fixed creation date, so that the same records give the same document. */
  creationDate?: Date;
}

export type Pdf = InstanceType<typeof PDFDocument>;

const FONT_DIR = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist', 'fonts');

export const FONTS = {
  regular: join(FONT_DIR, 'Marianne-Regular.woff'),
  bold: join(FONT_DIR, 'Marianne-Bold.woff'),
  italic: join(FONT_DIR, 'Marianne-Regular_Italic.woff'),
  light: join(FONT_DIR, 'Marianne-Light.woff'),
};

export const COLORS = { blue: '#000091', red: '#e1000f', text: '#161616', grey: '#666666', line: '#dddddd' };
export const MARGIN = 56;

export function createPdf(opts: PdfOptions): { doc: Pdf; finish: () => Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: opts.title,
      Subject: opts.subject ?? opts.title,
      Author: opts.author,
      Creator: 'Portail CDLP',
      Producer: 'Portail CDLP (pdfkit)',
      CreationDate: opts.creationDate ?? new Date(),
    },
  });
  doc.registerFont('Marianne', FONTS.regular);
  doc.registerFont('Marianne-Bold', FONTS.bold);
  doc.registerFont('Marianne-Italic', FONTS.italic);
  doc.registerFont('Marianne-Light', FONTS.light);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  republicBlock(doc, opts.authority);
  return {
    doc,
    finish: async () => {
      numberPages(doc);
      doc.end();
      return done;
    },
  };
}

/** The "Marianne" block: RÉPUBLIQUE FRANÇAISE, the motto, then the issuing authority. */
export function republicBlock(doc: Pdf, authority: string): void {
  const x = MARGIN;
  const y = MARGIN;
  doc.save();
  doc.rect(x, y, 14, 4).fill(COLORS.blue);
  doc.rect(x + 14, y, 14, 4).fill('#ffffff');
  doc.rect(x + 28, y, 14, 4).fill(COLORS.red);
  doc.restore();
  doc.fillColor(COLORS.text).font('Marianne-Bold').fontSize(11).text('RÉPUBLIQUE', x, y + 10, { lineGap: -1 });
  doc.text('FRANÇAISE');
  doc.font('Marianne-Italic').fontSize(8).fillColor(COLORS.text).text('Liberté', { lineGap: -1 }).text('Égalité').text('Fraternité');
  doc.moveDown(0.6);
  doc.font('Marianne-Bold').fontSize(10).text(authority);
  doc.moveDown(1.2);
  doc.x = MARGIN;
}

/** SIG-1: the visible signature, on page 1 where the signature field sits. */
export interface SignatureStamp {
  signerName: string;
  signerQuality: string;
  signedAtLabel: string;
}

/** PDF coordinates (origin bottom-left) of the signature field on page 1, for the placeholder widget. */
export const SIGNATURE_WIDGET_RECT: [number, number, number, number] = [335, 842 - 56 - 78, 539, 842 - 56];

export function signatureStamp(doc: Pdf, stamp: SignatureStamp | null): void {
  const x = 335;
  const y = MARGIN;
  const w = 204;
  const h = 78;
  const keepX = doc.x;
  const keepY = doc.y;
  doc.save();
  if (stamp) {
    doc.roundedRect(x, y, w, h, 4).lineWidth(0.8).strokeColor(COLORS.blue).stroke();
    doc.fillColor(COLORS.blue).font('Marianne-Bold').fontSize(8).text('Signé électroniquement par', x + 8, y + 7, { width: w - 16 });
    doc.fillColor(COLORS.text).font('Marianne-Bold').fontSize(9).text(stamp.signerName, { width: w - 16 });
    doc.font('Marianne').fontSize(8).text(stamp.signerQuality, { width: w - 16 });
    doc.text(`le ${stamp.signedAtLabel}`, { width: w - 16 });
  } else {
    doc.roundedRect(x, y, w, h, 4).lineWidth(0.8).dash(3, { space: 3 }).strokeColor(COLORS.red).stroke().undash();
    doc.fillColor(COLORS.red).font('Marianne-Bold').fontSize(10).text('PROJET', x + 8, y + 12, { width: w - 16, align: 'center' });
    doc.font('Marianne').fontSize(8).text('Document non signé, sans valeur', { width: w - 16, align: 'center' });
  }
  doc.restore();
  doc.x = keepX;
  doc.y = keepY;
}

export function heading(doc: Pdf, text: string, size = 16): void {
  ensureSpace(doc, size * 3);
  doc.x = MARGIN;
  doc.font('Marianne-Bold').fontSize(size).fillColor(COLORS.blue).text(text, { width: contentWidth(doc) });
  doc.fillColor(COLORS.text).moveDown(0.4);
}

export function paragraph(doc: Pdf, text: string, opts: { bold?: boolean; size?: number; color?: string; indent?: number } = {}): void {
  doc.x = MARGIN + (opts.indent ?? 0);
  doc
    .font(opts.bold ? 'Marianne-Bold' : 'Marianne')
    .fontSize(opts.size ?? 10)
    .fillColor(opts.color ?? COLORS.text)
    .text(text, { width: contentWidth(doc) - (opts.indent ?? 0), lineGap: 2 });
  doc.moveDown(0.35);
  doc.x = MARGIN;
}

export function labelValue(doc: Pdf, label: string, value: string): void {
  doc.x = MARGIN;
  doc.font('Marianne-Bold').fontSize(10).fillColor(COLORS.text).text(`${label} : `, { continued: true });
  doc.font('Marianne').text(value, { width: contentWidth(doc) });
  doc.moveDown(0.15);
}

export function rule(doc: Pdf): void {
  const y = doc.y + 4;
  doc.save().moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(0.5).strokeColor(COLORS.line).stroke().restore();
  doc.y = y + 8;
}

export function contentWidth(doc: Pdf): number {
  return doc.page.width - 2 * MARGIN;
}

export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN - 30) doc.addPage();
}

/** "page X / Y" at the foot of every page. */
function numberPages(doc: Pdf): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Marianne')
      .fontSize(8)
      .fillColor(COLORS.grey)
      .text(`page ${i - range.start + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN, {
        width: contentWidth(doc),
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
