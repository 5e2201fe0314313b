import { AgendaPdfItem } from './agenda';
import {
  COLORS,
  MARGIN,
  Pdf,
  contentWidth,
  createPdf,
  ensureSpace,
  heading,
  labelValue,
  paragraph,
  republicBlock,
  rule,
} from './layout';

/** The addressee block of a printed convocation: name, quality, and postal address when known. */
export interface LetterAddressee {
  /** "Mme Jeanne Martin". */
  name: string;
  /** Function and organisation, e.g. "Directrice, Agence régionale de santé". */
  quality: string;
  /** Postal address lines, empty when the registry holds none (the letter is then handed over). */
  postalAddress: string[];
}

export interface ConvocationLetter {
  addressee: LetterAddressee;
  /** COMP-3: the agenda the addressee may see (no PSP item for a member excluded from examinations). */
  items: AgendaPdfItem[];
  /** MEMB-1: a copy sent to a suppléant for information names the titulaire. */
  forInformationOf: string | null;
}

export interface ConvocationLettersInput {
  authority: string;
  commission: string;
  /** "Poitiers, le 7 décembre 2026". */
  placeDate: string;
  sittingNumber: string;
  kindLabel: string;
  modeLabel: string;
  dateLabel: string;
  place: string | null;
  videoLink: string | null;
  writtenWindow: string | null;
  secondConvocation: boolean;
  urgencyReason: string | null;
  letters: ConvocationLetter[];
  generatedAt: Date;
}

/**
 * CONV-1: the convocation printed as a letter, for members without an e-mail address.
 * One page (or more) per addressee, each with the République française block, the
 * préfecture, the addressee, place and date, the sitting, the agenda and the mandate form
 * (MAND-1). Several letters go in one PDF, each starting on a new page.
 */
export async function renderConvocationLettersPdf(input: ConvocationLettersInput): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `Convocation par courrier — séance n° ${input.sittingNumber}`,
    author: input.authority,
    authority: input.authority,
    creationDate: input.generatedAt,
  });
  input.letters.forEach((letter, index) => {
    if (index > 0) {
      doc.addPage();
      republicBlock(doc, input.authority);
    }
    renderLetter(doc, input, letter);
  });
  if (input.letters.length === 0) paragraph(doc, 'Aucun membre à convoquer par courrier.');
  return finish();
}

function renderLetter(doc: Pdf, input: ConvocationLettersInput, letter: ConvocationLetter): void {
  addresseeBlock(doc, letter.addressee);
  paragraph(doc, input.placeDate, { color: COLORS.grey });
  heading(doc, input.commission, 11);
  heading(doc, `Convocation à la séance n° ${input.sittingNumber}`, 16);
  if (letter.forInformationOf) {
    paragraph(
      doc,
      `Copie pour information, en qualité de suppléant(e) de ${letter.forInformationOf} (MEMB-1).`,
      { bold: true, color: COLORS.blue },
    );
  }
  paragraph(doc, `${letter.addressee.name},`);
  paragraph(
    doc,
    `J'ai l'honneur de vous convoquer à la séance de la commission (${input.kindLabel.toLowerCase()}), qui se tiendra le ${input.dateLabel}. Vous ne disposez pas d'adresse électronique : cette convocation vous est adressée par courrier (CONV-1).`,
  );
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
  if (input.urgencyReason)
    paragraph(doc, `Convocation en urgence (CONV-2) : ${input.urgencyReason}`, { bold: true });
  rule(doc);
  paragraph(doc, 'Ordre du jour', { bold: true, size: 12 });
  if (letter.items.length === 0) paragraph(doc, 'Aucun point inscrit.');
  for (const item of letter.items) {
    paragraph(doc, `${item.position}. ${item.title}`, { bold: true });
    if (item.detail) paragraph(doc, item.detail, { indent: 16 });
    if (item.presenter)
      paragraph(doc, `Présenté par : ${item.presenter}`, { indent: 16, color: COLORS.grey });
  }
  rule(doc);
  mandateForm(doc);
  paragraph(
    doc,
    'Les dossiers individuels sont désignés par leur référence pseudonyme. Merci de faire connaître votre présence, votre suppléance ou votre mandat au secrétariat de la commission avant la séance.',
    { size: 8, color: COLORS.grey },
  );
}

/** The addressee, on the right as in an administrative letter. */
function addresseeBlock(doc: Pdf, a: LetterAddressee): void {
  const x = MARGIN + contentWidth(doc) / 2;
  const width = contentWidth(doc) / 2;
  const top = MARGIN + 10;
  const keepY = Math.max(doc.y, top);
  doc.font('Marianne-Bold').fontSize(10).fillColor(COLORS.text).text(a.name, x, top, { width });
  doc.font('Marianne').fontSize(10).text(a.quality, { width });
  for (const line of a.postalAddress) doc.text(line, { width });
  if (a.postalAddress.length === 0)
    doc.font('Marianne-Italic').fontSize(8).fillColor(COLORS.grey).text('Remise en main propre', { width });
  doc.y = Math.max(doc.y, keepY) + 12;
  doc.x = MARGIN;
}

/** MAND-1: the mandate a member may give when neither present nor replaced by a suppléant. */
function mandateForm(doc: Pdf): void {
  // The form stays on one page, to be cut out or copied.
  ensureSpace(doc, 190);
  paragraph(doc, 'Rappel : pouvoir (mandat)', { bold: true, size: 11 });
  paragraph(
    doc,
    "Si vous ne pouvez pas siéger et que votre suppléant(e) ne vous remplace pas, vous pouvez donner mandat à un autre membre de la commission. Nul ne peut détenir plus d'un mandat, et un mandat dont le titulaire est absent n'est pas compté (MAND-1). Complétez, signez et remettez ce pouvoir au secrétariat avant la séance, ou répondez sur le portail.",
  );
  paragraph(doc, 'Je soussigné(e) ………………………………………………, membre de la commission,');
  paragraph(doc, 'donne pouvoir à ……………………………………………… de me représenter et de voter en mon nom.');
  paragraph(doc, 'Fait à ……………………………, le ……………………………          Signature :');
}
