import { COLORS, SignatureStamp, createPdf, ensureSpace, heading, labelValue, paragraph, rule, signatureStamp } from './layout';

export interface MinutesPdfLine {
  name: string;
  quality: string;
  detail: string | null;
}

export interface MinutesPdfItem {
  position: number;
  title: string;
  reference: string | null;
  associationName: string | null;
  associationOpinion: string | null;
  recusals: string[];
  resultText: string | null;
  dissents: string[];
  summary: string | null;
  discussionNotes: string | null;
}

export interface MinutesPdfInput {
  documentId: string;
  version: number;
  authority: string;
  commission: string;
  sittingNumber: string;
  kindLabel: string;
  modeLabel: string;
  dateLabel: string;
  place: string | null;
  chair: string | null;
  present: MinutesPdfLine[];
  remote: MinutesPdfLine[];
  represented: MinutesPdfLine[];
  substitutes: MinutesPdfLine[];
  excused: MinutesPdfLine[];
  quorumText: string;
  secondConvocationText: string | null;
  convocationText: string;
  urgencyReason: string | null;
  introduction: string | null;
  items: MinutesPdfItem[];
  validity: { text: string; ok: boolean; justification: string | null }[];
  stamp: SignatureStamp | null;
  generatedAt: Date;
}


/** PV-1: the procès-verbal of a sitting, generated from its records. */
export async function renderMinutesPdf(input: MinutesPdfInput): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `Procès-verbal de la séance n° ${input.sittingNumber}`,
    subject: `CDLP-DOC:${input.documentId}:v${input.version}`,
    author: input.authority,
    authority: input.authority,
    creationDate: input.generatedAt,
  });
  signatureStamp(doc, input.stamp);
  heading(doc, input.commission, 12);
  heading(doc, `Procès-verbal de la séance n° ${input.sittingNumber}`, 18);
  labelValue(doc, 'Objet', input.kindLabel);
  labelValue(doc, 'Date', input.dateLabel);
  labelValue(doc, 'Modalité', input.modeLabel);
  if (input.place) labelValue(doc, 'Lieu', input.place);
  labelValue(doc, 'Présidence (COMP-1)', input.chair ?? 'non désignée');
  if (input.version > 1) labelValue(doc, 'Version', `${input.version} (remplace la version ${input.version - 1})`);
  rule(doc);

  heading(doc, 'Membres', 13);
  const list = (title: string, lines: MinutesPdfLine[]) => {
    paragraph(doc, `${title} (${lines.length})`, { bold: true });
    if (lines.length === 0) paragraph(doc, 'Aucun.', { indent: 12, color: COLORS.grey });
    for (const l of lines) paragraph(doc, `• ${l.name}, ${l.quality}${l.detail ? ` — ${l.detail}` : ''}`, { indent: 12 });
  };
  list('Présents', input.present);
  list('Présents à distance (audio ou visioconférence)', input.remote);
  list('Suppléants siégeant pour un titulaire (MEMB-1)', input.substitutes);
  list('Représentés par mandat (MAND-1)', input.represented);
  list('Excusés', input.excused);

  heading(doc, 'Quorum et convocation', 13);
  paragraph(doc, input.quorumText);
  if (input.secondConvocationText) paragraph(doc, input.secondConvocationText, { bold: true });
  paragraph(doc, input.convocationText);
  if (input.urgencyReason) paragraph(doc, `Motif de l'urgence (CONV-2) : ${input.urgencyReason}`);
  if (input.introduction) {
    heading(doc, 'Introduction', 13);
    paragraph(doc, input.introduction);
  }

  heading(doc, 'Questions examinées', 13);
  for (const item of input.items) {
    ensureSpace(doc, 90);
    paragraph(doc, `${item.position}. ${item.title}`, { bold: true, size: 11 });
    if (item.reference) {
      if (item.associationName) paragraph(doc, `Dossier présenté par ${item.associationName}${item.associationOpinion ? `, dont l'avis est ${item.associationOpinion}` : ''} (COMP-4).`, { indent: 12 });
    }
    if (item.recusals.length > 0) paragraph(doc, `Conflits d'intérêts (COI-1) : ${item.recusals.join(' ; ')} — ont quitté la délibération et n'ont pas pris part au vote.`, { indent: 12 });
    if (item.summary) paragraph(doc, `Synthèse : ${item.summary}`, { indent: 12 });
    if (item.discussionNotes) paragraph(doc, `Débats : ${item.discussionNotes}`, { indent: 12 });
    if (item.resultText) paragraph(doc, `Délibération (VOTE-1) : ${item.resultText}`, { indent: 12, bold: true });
    for (const d of item.dissents) paragraph(doc, `Position divergente consignée à sa demande (PV-1) : ${d}`, { indent: 12 });
  }

  heading(doc, 'Validité de la délibération', 13);
  for (const v of input.validity) {
    // In words, not ✓/✗: Marianne has no glyph for them (they printed as nothing), and colour alone does not tell.
    paragraph(doc, `${v.ok ? 'Conforme' : 'NON CONFORME'} — ${v.text}`, { color: v.ok ? COLORS.text : COLORS.red });
    if (v.justification) paragraph(doc, `Justification du secrétariat : ${v.justification}`, { indent: 12 });
  }
  rule(doc);
  paragraph(
    doc,
    'Les demandes de parcours de sortie sont désignées par leur référence pseudonyme (DP-2). Le présent procès-verbal est adressé à tous les membres de la commission.',
    { size: 8, color: COLORS.grey },
  );
  if (input.stamp) {
    paragraph(doc, `Signé électroniquement par ${input.stamp.signerName}, ${input.stamp.signerQuality}, le ${input.stamp.signedAtLabel} (SIG-1).`, { bold: true });
  }
  return finish();
}
