import { RenderedMail, renderMail } from './layout';

export interface ConvocationMailInput {
  recipientName: string;
  sittingNumber: string;
  kindLabel: string;
  dateLabel: string;
  modeLabel: string;
  place: string | null;
  videoLink: string | null;
  writtenWindow: string | null;
  itemCount: number;
  secondConvocation: boolean;
  urgencyReason: string | null;
  url: string;
  /** A suppléant receives the titulaire's convocation for information. */
  forInformationOf: string | null;
  reconvocation: boolean;
}

/** CONV-1: the convocation, with the agenda PDF and the calendar invitation attached. */
export function convocationMail(p: ConvocationMailInput): RenderedMail {
  const subject = `${p.reconvocation ? 'Nouvelle convocation' : 'Convocation'} : séance n° ${p.sittingNumber} de la commission, ${p.dateLabel}`;
  const paragraphs = [`Bonjour ${p.recipientName},`];
  if (p.forInformationOf) {
    paragraphs.push(
      `Pour information, en votre qualité de suppléant(e) de ${p.forInformationOf} : si le ou la titulaire ne peut pas siéger, vous pourrez le ou la remplacer.`,
    );
  }
  if (p.reconvocation) paragraphs.push("L'ordre du jour de la séance a été modifié depuis la première convocation. Cette convocation remplace la précédente.");
  paragraphs.push(
    `Vous êtes convoqué(e) à la séance n° ${p.sittingNumber} de la commission départementale (${p.kindLabel}).`,
    `Date : ${p.dateLabel}.`,
    `Modalité : ${p.modeLabel}.`,
  );
  if (p.place) paragraphs.push(`Lieu : ${p.place}.`);
  if (p.videoLink) paragraphs.push(`Lien de visioconférence : ${p.videoLink}`);
  if (p.writtenWindow) paragraphs.push(`Délibération écrite : ${p.writtenWindow} (REM-3).`);
  if (p.secondConvocation) {
    paragraphs.push('Seconde convocation : la commission délibérera valablement sans condition de quorum (QUOR-2).');
  }
  if (p.urgencyReason) paragraphs.push(`Convocation en urgence : ${p.urgencyReason} (CONV-2).`);
  paragraphs.push(
    `L'ordre du jour (${p.itemCount} point${p.itemCount > 1 ? 's' : ''}) est joint en PDF, avec une invitation pour votre agenda.`,
    "Merci d'indiquer sur le portail si vous serez présent(e), à distance, remplacé(e) par votre suppléant(e), ou si vous donnez mandat à un autre membre.",
  );
  return renderMail(subject, { paragraphs, action: { label: 'Répondre et consulter la séance', url: p.url } });
}

export function convocationReminderMail(p: { recipientName: string; sittingNumber: string; dateLabel: string; url: string }): RenderedMail {
  return renderMail(`Rappel : séance n° ${p.sittingNumber} le ${p.dateLabel}`, {
    paragraphs: [
      `Bonjour ${p.recipientName},`,
      `La séance n° ${p.sittingNumber} de la commission a lieu le ${p.dateLabel}. Nous n'avons pas encore reçu votre réponse.`,
      'Merci de nous indiquer votre présence, votre remplacement par votre suppléant(e) ou le mandat que vous donnez à un autre membre.',
    ],
    action: { label: 'Répondre', url: p.url },
  });
}

export function sittingCancelledMail(p: { recipientName: string; sittingNumber: string; dateLabel: string; reason: string }): RenderedMail {
  return renderMail(`Annulation : séance n° ${p.sittingNumber} du ${p.dateLabel}`, {
    paragraphs: [`Bonjour ${p.recipientName},`, `La séance n° ${p.sittingNumber} prévue le ${p.dateLabel} est annulée.`, `Motif : ${p.reason}`],
  });
}
