import { COLORS, SignatureStamp, createPdf, heading, labelValue, paragraph, rule, signatureStamp } from './layout';

export interface DecisionPdfInput {
  documentId: string;
  version: number;
  authority: string;
  departementName: string;
  reference: string;
  requestKindLabel: string;
  kind: 'AUTHORISED' | 'REFUSED';
  person: { fullName: string; birthDate: string | null; nationality: string | null };
  associationName: string;
  associationAddress: string | null;
  opinionLabel: string | null;
  opinionDate: string | null;
  sittingLabel: string | null;
  departsFromOpinion: boolean;
  reasons: string;
  pathway: { startDate: string; endDate: string; periodLabel: string } | null;
  afisMonthly: number | null;
  foreigner: boolean;
  stamp: SignatureStamp | null;
  placeDate: string;
  generatedAt: Date;
}

/**
 * PSP-5: the préfet's decision on a PSP request, addressed to the person through the
 * approved association. It carries the legal references, the pathway dates and the
 * rights it opens (AFIS-1, APS-1) or, for a refusal, the means and delays of appeal.
 */
export async function renderDecisionPdf(input: DecisionPdfInput): Promise<Buffer> {
  const title =
    input.kind === 'AUTHORISED'
      ? `Arrêté portant autorisation d'engagement dans un parcours de sortie de la prostitution — ${input.reference}`
      : `Décision de refus d'engagement dans un parcours de sortie de la prostitution — ${input.reference}`;
  const { doc, finish } = createPdf({
    title,
    subject: `CDLP-DOC:${input.documentId}:v${input.version}`,
    author: input.authority,
    authority: input.authority,
    creationDate: input.generatedAt,
  });
  signatureStamp(doc, input.stamp);
  heading(doc, input.kind === 'AUTHORISED' ? 'Décision d’autorisation' : 'Décision de refus', 18);
  paragraph(doc, `Référence du dossier : ${input.reference} (${input.requestKindLabel})`, { bold: true });
  paragraph(doc, `À l'attention de ${input.person.fullName}${input.person.birthDate ? ` (date de naissance : ${input.person.birthDate})` : ''}, par l'intermédiaire de ${input.associationName}${input.associationAddress ? `, ${input.associationAddress}` : ''}.`);
  rule(doc);
  paragraph(doc, `Le préfet de la ${input.departementName},`, { bold: true });
  const visas = [
    "Vu le code de l'action sociale et des familles, notamment ses articles L. 121-9 et R. 121-12-1 à R. 121-12-13-1 ;",
    'Vu la loi n° 2016-444 du 13 avril 2016 visant à renforcer la lutte contre le système prostitutionnel et à accompagner les personnes prostituées ;',
    'Vu le décret n° 2016-1467 du 28 octobre 2016 relatif au parcours de sortie de la prostitution et d’insertion sociale et professionnelle ;',
    // The label may already start with "Demande" ("Demande initiale", "Demande de renouvellement"): not "la demande demande initiale".
    `Vu la ${/^demande\b/i.test(input.requestKindLabel) ? `d${input.requestKindLabel.slice(1)}` : `demande ${input.requestKindLabel.toLowerCase()}`} présentée par ${input.associationName}, association agréée ;`,
  ];
  if (input.opinionLabel) {
    visas.push(`Vu l'avis ${input.opinionLabel.toLowerCase().replace('avis ', '')} de la commission départementale${input.sittingLabel ? ` rendu lors de la ${input.sittingLabel}` : ''}${input.opinionDate ? ` le ${input.opinionDate}` : ''} ;`);
  }
  if (input.foreigner) visas.push("Vu le code de l'entrée et du séjour des étrangers et du droit d'asile, notamment son article L. 425-4 ;");
  for (const v of visas) paragraph(doc, v);
  paragraph(doc, `Considérant ${input.reasons}`);
  if (input.departsFromOpinion) {
    paragraph(doc, "La présente décision s'écarte de l'avis de la commission, qui est consultatif (PSP-5), pour les motifs exposés ci-dessus.", { bold: true });
  }
  paragraph(doc, 'Décide :', { bold: true, size: 12 });
  if (input.kind === 'AUTHORISED' && input.pathway) {
    paragraph(doc, `Article 1er — La personne désignée ci-dessus est autorisée à s'engager dans un parcours de sortie de la prostitution et d'insertion sociale et professionnelle, accompagné par ${input.associationName}.`);
    paragraph(doc, `Article 2 — Le parcours court du ${input.pathway.startDate} au ${input.pathway.endDate} (${input.pathway.periodLabel}). Il peut être renouvelé par périodes de six mois, sans excéder vingt-quatre mois au total (PSP-6), sur demande de l'association accompagnée d'un bilan.`);
    paragraph(doc, `Article 3 — Cette autorisation ouvre droit à l'aide financière à l'insertion sociale et professionnelle (AFIS)${input.afisMonthly !== null ? `, d'un montant de ${input.afisMonthly.toFixed(2).replace('.', ',')} € par mois à la date de la décision` : ''}, versée par l'organisme payeur dans les conditions de l'article R. 121-12-13-1 du code de l'action sociale et des familles (AFIS-1).`);
    if (input.foreigner) {
      paragraph(doc, "Article 4 — La personne peut se voir délivrer une autorisation provisoire de séjour d'une durée d'au moins six mois, ouvrant droit à l'exercice d'une activité professionnelle, renouvelée pendant toute la durée du parcours (article L. 425-4 du CESEDA, APS-1).");
    }
    paragraph(doc, `Article ${input.foreigner ? 5 : 4} — Le parcours peut prendre fin avant son terme si la personne le demande ou si elle ne respecte pas ses engagements (PSP-8).`);
  } else {
    paragraph(doc, "Article 1er — La demande d'engagement dans un parcours de sortie de la prostitution est refusée.");
    paragraph(doc, 'Voies et délais de recours', { bold: true });
    paragraph(doc, `La présente décision peut faire l'objet, dans un délai de deux mois à compter de sa notification : d'un recours gracieux auprès du préfet de la ${input.departementName} ; d'un recours hiérarchique auprès du ministre chargé des droits des femmes ; d'un recours contentieux devant le tribunal administratif compétent, y compris par l'application Télérecours citoyens (www.telerecours.fr). Le recours gracieux ou hiérarchique prolonge le délai du recours contentieux.`);
    paragraph(doc, "L'absence de dépôt de plainte ne peut pas, à elle seule, fonder un refus (Conseil d'État, 19 novembre 2021, n° 440802, PSP-3b).", { size: 8, color: COLORS.grey });
  }
  rule(doc);
  labelValue(doc, 'Fait à', input.placeDate);
  if (input.stamp) paragraph(doc, `Pour le préfet, signé électroniquement par ${input.stamp.signerName}, ${input.stamp.signerQuality}, le ${input.stamp.signedAtLabel} (SIG-1).`, { bold: true });
  return finish();
}
