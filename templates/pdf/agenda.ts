import { COLORS, createPdf, heading, labelValue, paragraph, rule } from './layout';

export interface AgendaPdfItem {
  position: number;
  /** DP-2: a PSP item is named by its pseudonymous reference only. */
  title: string;
  detail: string | null;
  presenter: string | null;
}

export interface AgendaPdfInput {
  authority: string;
  commission: string;
  sittingNumber: string;
  kindLabel: string;
  modeLabel: string;
  dateLabel: string;
  place: string | null;
  videoLink: string | null;
  writtenWindow: string | null;
  secondConvocation: boolean;
  urgencyReason: string | null;
  items: AgendaPdfItem[];
  generatedAt: Date;
}

/** CONV-1: the agenda sent with the convocation. */
export async function renderAgendaPdf(input: AgendaPdfInput): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `Ordre du jour — séance n° ${input.sittingNumber}`,
    author: input.authority,
    authority: input.authority,
    creationDate: input.generatedAt,
  });
  heading(doc, input.commission, 13);
  heading(doc, `Ordre du jour de la séance n° ${input.sittingNumber}`, 18);
  labelValue(doc, 'Objet', input.kindLabel);
  labelValue(doc, 'Date', input.dateLabel);
  labelValue(doc, 'Modalité', input.modeLabel);
  if (input.place) labelValue(doc, 'Lieu', input.place);
  if (input.videoLink) labelValue(doc, 'Visioconférence', input.videoLink);
  if (input.writtenWindow) labelValue(doc, 'Délibération écrite', input.writtenWindow);
  if (input.secondConvocation) {
    paragraph(
      doc,
      'Seconde convocation : le quorum n’ayant pas été atteint lors de la première réunion, la commission délibère valablement sans condition de quorum, sur le même ordre du jour (QUOR-2).',
      { bold: true, color: COLORS.blue },
    );
  }
  if (input.urgencyReason) {
    paragraph(doc, `Convocation en urgence (CONV-2) : ${input.urgencyReason}`, { bold: true });
  }
  rule(doc);
  if (input.items.length === 0) paragraph(doc, 'Aucun point inscrit.');
  for (const item of input.items) {
    paragraph(doc, `${item.position}. ${item.title}`, { bold: true, size: 11 });
    if (item.detail) paragraph(doc, item.detail, { indent: 16 });
    if (item.presenter) paragraph(doc, `Présenté par : ${item.presenter}`, { indent: 16, color: COLORS.grey });
  }
  rule(doc);
  paragraph(
    doc,
    'Les dossiers individuels sont désignés par leur référence pseudonyme. Ils sont consultables sur le portail par les membres convoqués, pendant la séance uniquement.',
    { size: 8, color: COLORS.grey },
  );
  return finish();
}
