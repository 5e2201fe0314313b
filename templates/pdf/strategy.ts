import { COLORS, MARGIN, Pdf, SignatureStamp, contentWidth, createPdf, ensureSpace, heading, labelValue, paragraph, rule, signatureStamp } from './layout';
import { barChart, formatNumber, progressBar } from './charts';

export interface StrategyPdfAction {
  title: string;
  description: string | null;
  lead: string | null;
  partners: string[];
  startDate: string | null;
  deadline: string | null;
  budget: number | null;
  fundingSource: string | null;
  statusLabel: string;
  recommendationNumber: number | null;
}

export interface StrategyPdfIndicator {
  name: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  targetValue: number | null;
  values: { year: number; value: number | null }[];
}

export interface StrategyPdfRecommendation {
  number: number;
  title: string;
  levers: string[];
  nationalAxis: string;
  findings: string | null;
  priorityLabel: string | null;
  statusLabel: string;
  actions: StrategyPdfAction[];
  indicators: StrategyPdfIndicator[];
}

export interface StrategyPdfInput {
  documentId: string;
  version: number;
  authority: string;
  departementLabel: string;
  title: string;
  period: string;
  stateLabel: string;
  adoptionLabel: string | null;
  introduction: string | null;
  diagnosticText: string | null;
  figures: { label: string; value: number; unit: string | null; source: string; year: number }[];
  axes: { number: number; title: string; recommendations: StrategyPdfRecommendation[] }[];
  localActions: StrategyPdfAction[];
  stamp: SignatureStamp | null;
  generatedAt: Date;
}

/** STRAT-1: the departmental strategy document. */
export async function renderStrategyPdf(input: StrategyPdfInput): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `${input.title} (${input.period})`,
    subject: `CDLP-DOC:${input.documentId}:v${input.version}`,
    author: input.authority,
    authority: input.authority,
    creationDate: input.generatedAt,
  });
  signatureStamp(doc, input.stamp);
  // Cover.
  doc.moveDown(6);
  doc.font('Marianne-Bold').fontSize(26).fillColor(COLORS.blue).text(input.title, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.5);
  doc.font('Marianne').fontSize(16).fillColor(COLORS.text).text(`Période ${input.period}`);
  doc.moveDown(0.5);
  doc.font('Marianne').fontSize(12).text(input.departementLabel);
  doc.moveDown(2);
  paragraph(doc, `Stratégie départementale de lutte contre le système prostitutionnel et l'exploitation sexuelle, établie par la commission départementale (STRAT-1), dans les orientations de la stratégie nationale du 2 mai 2024.`);
  paragraph(doc, `État : ${input.stateLabel}${input.adoptionLabel ? ` — ${input.adoptionLabel}` : ''}. Version ${input.version}.`, { bold: true });

  doc.addPage();
  heading(doc, 'Synthèse des 16 préconisations par axe', 16);
  summaryTable(doc, input.axes);

  if (input.introduction) {
    doc.addPage();
    heading(doc, 'Introduction', 16);
    paragraph(doc, input.introduction);
  }
  heading(doc, 'Diagnostic : chiffres clés', 16);
  if (input.diagnosticText) paragraph(doc, input.diagnosticText);
  for (const f of input.figures) {
    paragraph(doc, `${formatNumber(f.value)}${f.unit ? ` ${f.unit}` : ''} — ${f.label} (source : ${f.source}, ${f.year})`, { indent: 8 });
  }

  for (const axis of input.axes) {
    doc.addPage();
    heading(doc, `Axe ${axis.number} — ${axis.title}`, 18);
    for (const rec of axis.recommendations) {
      ensureSpace(doc, 120);
      heading(doc, `Préconisation ${rec.number} — ${rec.title}`, 12);
      labelValue(doc, 'Axe national', rec.nationalAxis);
      labelValue(doc, 'Priorité', rec.priorityLabel ?? 'non définie');
      if (rec.levers.length) paragraph(doc, `Leviers : ${rec.levers.join(' ; ')}.`, { color: COLORS.grey });
      if (rec.findings) paragraph(doc, `Constats locaux : ${rec.findings}`);
      if (rec.actions.length === 0) paragraph(doc, 'Aucune action inscrite.', { color: COLORS.grey });
      for (const a of rec.actions) actionBlock(doc, a);
      for (const ind of rec.indicators) indicatorBlock(doc, ind);
      rule(doc);
    }
  }
  if (input.localActions.length) {
    doc.addPage();
    heading(doc, 'Actions locales hors préconisations', 16);
    for (const a of input.localActions) actionBlock(doc, a);
  }

  doc.addPage();
  heading(doc, 'Annexe — actions par organisme pilote', 16);
  const all = [...input.axes.flatMap((a) => a.recommendations.flatMap((r) => r.actions)), ...input.localActions];
  const byLead = new Map<string, StrategyPdfAction[]>();
  for (const a of all) {
    const key = a.lead ?? 'Pilote à désigner';
    byLead.set(key, [...(byLead.get(key) ?? []), a]);
  }
  for (const [lead, actions] of [...byLead.entries()].sort((a, b) => a[0].localeCompare(b[0], 'fr'))) {
    ensureSpace(doc, 40);
    paragraph(doc, lead, { bold: true, size: 11 });
    for (const a of actions) {
      paragraph(doc, `• ${a.recommendationNumber ? `P${a.recommendationNumber} — ` : ''}${a.title} (${a.statusLabel}${a.deadline ? `, échéance ${a.deadline}` : ''})`, { indent: 10 });
    }
  }
  if (input.stamp) {
    rule(doc);
    paragraph(doc, `Signé électroniquement par ${input.stamp.signerName}, ${input.stamp.signerQuality}, le ${input.stamp.signedAtLabel} (SIG-1).`, { bold: true });
  }
  return finish();
}

function summaryTable(doc: Pdf, axes: StrategyPdfInput['axes']): void {
  const x = MARGIN;
  const widths = [36, 245, 70, 45, 87];
  const headers = ['N°', 'Préconisation', 'Priorité', 'Actions', 'État'];
  const row = (cells: string[], bold: boolean, fill?: string) => {
    const heights = cells.map((c, i) => doc.font(bold ? 'Marianne-Bold' : 'Marianne').fontSize(7.5).heightOfString(c, { width: widths[i] - 6 }));
    const h = Math.max(...heights) + 6;
    ensureSpace(doc, h + 4);
    const y = doc.y;
    if (fill) doc.save().rect(x, y, widths.reduce((a, b) => a + b, 0), h).fill(fill).restore();
    let cx = x;
    cells.forEach((c, i) => {
      doc.font(bold ? 'Marianne-Bold' : 'Marianne').fontSize(7.5).fillColor(COLORS.text).text(c, cx + 3, y + 3, { width: widths[i] - 6 });
      cx += widths[i];
    });
    doc.save().moveTo(x, y + h).lineTo(cx, y + h).lineWidth(0.3).strokeColor(COLORS.line).stroke().restore();
    doc.y = y + h;
    doc.x = MARGIN;
  };
  row(headers, true, '#eeeeee');
  for (const axis of axes) {
    row([`Axe ${axis.number}`, axis.title, '', '', ''], true, '#f5f5fe');
    for (const r of axis.recommendations) {
      row([String(r.number), r.title, r.priorityLabel ?? '—', String(r.actions.length), r.statusLabel], false);
    }
  }
  doc.moveDown(0.5);
}

function actionBlock(doc: Pdf, a: StrategyPdfAction): void {
  ensureSpace(doc, 50);
  paragraph(doc, `Action : ${a.title} — ${a.statusLabel}`, { bold: true, indent: 8 });
  const details = [
    a.lead ? `pilote : ${a.lead}` : null,
    a.partners.length ? `partenaires : ${a.partners.join(', ')}` : null,
    a.startDate || a.deadline ? `du ${a.startDate ?? '—'} au ${a.deadline ?? '—'}` : null,
    a.budget !== null ? `budget : ${formatNumber(a.budget)} €${a.fundingSource ? ` (${a.fundingSource})` : ''}` : null,
  ].filter(Boolean);
  if (details.length) paragraph(doc, details.join(' ; '), { indent: 16, color: COLORS.grey });
  if (a.description) paragraph(doc, a.description, { indent: 16 });
}

function indicatorBlock(doc: Pdf, ind: StrategyPdfIndicator): void {
  ensureSpace(doc, 140);
  paragraph(doc, `Indicateur : ${ind.name} (${ind.unit}) — référence ${ind.baseline ?? 'n.d.'}, cible ${ind.target ?? 'n.d.'}`, { indent: 8, bold: true });
  const y = doc.y + 2;
  barChart(
    doc,
    MARGIN + 16,
    y,
    300,
    110,
    ind.name,
    ind.values.map((v) => ({ label: String(v.year), value: v.value })),
    ind.unit,
    ind.targetValue,
  );
  doc.y = y + 116;
  doc.x = MARGIN;
}

export interface FollowUpPdfInput {
  documentId: string;
  authority: string;
  title: string;
  year: number;
  /** The axes of the reference, under which the recommendations are reported. */
  axes: { number: number; title: string }[];
  recommendations: { number: number; title: string; axisNumber: number; actions: number; done: number; inProgress: number; late: number; dropped: number }[];
  indicators: { name: string; unit: string; value: number | null; expected: number | null; target: number | null; targetYear: number | null; offTrack: boolean | null; history: { year: number; value: number | null }[] }[];
  lateActions: { title: string; deadline: string; lead: string | null; recommendationNumber: number | null }[];
  totals: { actions: number; done: number; inProgress: number; late: number };
  generatedAt: Date;
}

/** STRAT-1: the yearly follow-up report (bilan). */
export async function renderFollowUpPdf(input: FollowUpPdfInput): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `Bilan ${input.year} — ${input.title}`,
    subject: `CDLP-BILAN:${input.documentId}:${input.year}`,
    author: input.authority,
    authority: input.authority,
    creationDate: input.generatedAt,
  });
  heading(doc, `Bilan annuel ${input.year}`, 20);
  paragraph(doc, input.title, { bold: true, size: 12 });
  paragraph(doc, `${input.totals.actions} actions : ${input.totals.done} réalisées, ${input.totals.inProgress} en cours, ${input.totals.late} en retard.`);
  heading(doc, 'Avancement par préconisation', 14);
  for (const axis of input.axes) {
    const recs = input.recommendations.filter((r) => r.axisNumber === axis.number);
    if (recs.length === 0) continue;
    ensureSpace(doc, 60);
    heading(doc, `Axe ${axis.number} — ${axis.title}`, 11);
    for (const r of recs) {
      ensureSpace(doc, 34);
      paragraph(doc, `P${r.number} — ${r.title}`, { bold: true, size: 9 });
      const y = doc.y;
      progressBar(doc, MARGIN + 8, y, 200, r.done, r.inProgress, r.actions);
      doc.font('Marianne').fontSize(8).fillColor(COLORS.text).text(`${r.done} réalisée(s), ${r.inProgress} en cours, ${r.late} en retard, sur ${r.actions}`, MARGIN + 216, y - 2, { width: 260 });
      doc.y = y + 12;
      doc.x = MARGIN;
    }
  }
  heading(doc, 'Indicateurs et cibles', 14);
  for (const ind of input.indicators) {
    ensureSpace(doc, 150);
    const flag = ind.offTrack === null ? 'trajectoire non évaluable' : ind.offTrack ? 'HORS TRAJECTOIRE' : 'conforme à la trajectoire';
    paragraph(doc, `${ind.name} : ${ind.value === null ? 'non renseigné' : `${formatNumber(ind.value)} ${ind.unit}`}${ind.expected !== null ? ` (attendu ${formatNumber(ind.expected)})` : ''} — ${flag}`, {
      bold: true,
      color: ind.offTrack ? COLORS.red : COLORS.text,
    });
    const y = doc.y + 2;
    barChart(doc, MARGIN + 8, y, 300, 110, ind.name, ind.history.map((h) => ({ label: String(h.year), value: h.value, highlight: h.year === input.year })), ind.unit, ind.target);
    doc.y = y + 116;
    doc.x = MARGIN;
  }
  heading(doc, 'Actions en retard', 14);
  if (input.lateActions.length === 0) paragraph(doc, 'Aucune action en retard.');
  for (const a of input.lateActions) paragraph(doc, `• ${a.recommendationNumber ? `P${a.recommendationNumber} — ` : ''}${a.title} (échéance ${a.deadline}${a.lead ? `, pilote : ${a.lead}` : ''})`);
  return finish();
}
