import { RenderedMail, renderMail } from './layout';

/** DP-2: every PSP e-mail names the dossier by its pseudonymous reference only. */
export function missingItemsMail(p: { reference: string; missing: string[]; url: string }): RenderedMail {
  return renderMail(`Demande ${p.reference} : pièces manquantes`, {
    paragraphs: [
      'Bonjour,',
      `La demande ${p.reference} a bien été déposée, mais elle est incomplète. Elle ne pourra être inscrite à l'ordre du jour de la commission qu'une fois complète.`,
      'Éléments manquants ou à corriger :',
      ...p.missing.map((m) => `• ${m}`),
    ],
    action: { label: 'Compléter la demande', url: p.url },
  });
}

export function requestCompleteMail(p: { reference: string; url: string }): RenderedMail {
  return renderMail(`Demande ${p.reference} complète`, {
    paragraphs: [
      'Bonjour,',
      `La demande ${p.reference} est complète. Elle sera inscrite à l'ordre du jour de la prochaine séance de la commission.`,
    ],
    action: { label: 'Voir la demande', url: p.url },
  });
}

export function pathwayExpiryMail(p: { reference: string; periodEnd: string; daysLeft: number; canRenew: boolean; url: string }): RenderedMail {
  return renderMail(`Parcours ${p.reference} : fin de période le ${p.periodEnd}`, {
    paragraphs: [
      'Bonjour,',
      `La période en cours du parcours ${p.reference} se termine le ${p.periodEnd}, dans ${p.daysLeft} jour(s).`,
      p.canRenew
        ? 'Si le parcours doit se poursuivre, déposez dès maintenant la demande de renouvellement avec le bilan de la période (PSP-7), afin que la commission puisse rendre son avis à temps.'
        : 'Le parcours atteint sa durée maximale de 24 mois (PSP-6) : il ne peut pas être renouvelé. Préparez la sortie du parcours.',
    ],
    action: { label: 'Voir le parcours', url: p.url },
  });
}

export function pathwayEndedMail(p: {
  reference: string;
  reasonLabel: string;
  effectiveDate: string;
  foreigner: boolean;
  url: string;
}): RenderedMail {
  const toStop = [
    "Le versement de l'aide financière à l'insertion sociale et professionnelle (AFIS) doit être arrêté par l'organisme payeur (CAF ou MSA) à compter de cette date (AFIS-1).",
  ];
  if (p.foreigner) {
    toStop.push(
      "Le service des étrangers de la préfecture doit être informé : l'autorisation provisoire de séjour liée au parcours n'est plus renouvelée à ce titre (APS-1).",
    );
  }
  return renderMail(`Fin du parcours ${p.reference}`, {
    paragraphs: [
      'Bonjour,',
      `Le parcours de sortie de la prostitution ${p.reference} prend fin le ${p.effectiveDate}.`,
      `Motif : ${p.reasonLabel} (PSP-8).`,
      'À faire cesser :',
      ...toStop.map((t) => `• ${t}`),
    ],
    action: { label: 'Voir le parcours', url: p.url },
  });
}
