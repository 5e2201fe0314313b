import { COLORS, Pdf } from './layout';

export interface BarSeries {
  label: string;
  value: number | null;
  /** Drawn in another colour (e.g. the target). */
  highlight?: boolean;
}

/**
 * A bar chart drawn with PDF vector operators (rectangles, lines, text): it stays sharp
 * at any zoom, its labels are real text, and it costs a few hundred bytes.
 */
export function barChart(doc: Pdf, x: number, y: number, width: number, height: number, title: string, bars: BarSeries[], unit: string, targetLine: number | null): void {
  const values = bars.map((b) => b.value ?? 0).concat(targetLine ?? 0);
  const max = Math.max(1, ...values) * 1.15;
  const top = y + 16;
  const chartHeight = height - 16 - 18;
  const left = x + 34;
  const chartWidth = width - 40;
  doc.save();
  doc.font('Marianne-Bold').fontSize(8).fillColor(COLORS.text).text(title, x, y, { width, lineBreak: false, ellipsis: true });
  // Axis and grid.
  doc.lineWidth(0.4).strokeColor(COLORS.line);
  for (let i = 0; i <= 4; i++) {
    const gy = top + chartHeight - (chartHeight * i) / 4;
    doc.moveTo(left, gy).lineTo(left + chartWidth, gy).stroke();
    doc.font('Marianne').fontSize(6).fillColor(COLORS.grey).text(formatNumber((max * i) / 4), x, gy - 3, { width: 30, align: 'right', lineBreak: false });
  }
  const slot = chartWidth / Math.max(1, bars.length);
  const barWidth = Math.min(28, slot * 0.6);
  bars.forEach((b, i) => {
    const cx = left + slot * i + slot / 2;
    if (b.value !== null) {
      const h = (chartHeight * b.value) / max;
      doc.rect(cx - barWidth / 2, top + chartHeight - h, barWidth, h).fill(b.highlight ? COLORS.red : COLORS.blue);
      doc.font('Marianne').fontSize(6).fillColor(COLORS.text).text(formatNumber(b.value), cx - slot / 2, top + chartHeight - h - 8, { width: slot, align: 'center', lineBreak: false });
    } else {
      doc.font('Marianne').fontSize(6).fillColor(COLORS.grey).text('n.d.', cx - slot / 2, top + chartHeight - 8, { width: slot, align: 'center', lineBreak: false });
    }
    doc.font('Marianne').fontSize(6).fillColor(COLORS.text).text(b.label, cx - slot / 2, top + chartHeight + 3, { width: slot, align: 'center', lineBreak: false });
  });
  if (targetLine !== null) {
    const ty = top + chartHeight - (chartHeight * targetLine) / max;
    doc.lineWidth(0.8).strokeColor(COLORS.red).dash(3, { space: 2 }).moveTo(left, ty).lineTo(left + chartWidth, ty).stroke().undash();
    doc.font('Marianne').fontSize(6).fillColor(COLORS.red).text(`cible ${formatNumber(targetLine)} ${unit}`, left + chartWidth - 80, ty - 8, { width: 80, align: 'right', lineBreak: false });
  }
  doc.restore();
}

/** A horizontal progress bar: done, in progress, remaining. */
export function progressBar(doc: Pdf, x: number, y: number, width: number, done: number, inProgress: number, total: number): void {
  doc.save();
  doc.rect(x, y, width, 6).fill('#e5e5e5');
  if (total > 0) {
    doc.rect(x, y, (width * done) / total, 6).fill('#18753c');
    doc.rect(x + (width * done) / total, y, (width * inProgress) / total, 6).fill(COLORS.blue);
  }
  doc.restore();
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);
}
