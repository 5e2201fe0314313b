import { OUTBOX_STATUS_LABELS, type OutboxMessageSummaryDto } from '@cdlp/shared';

export function outboxStatusLabel(m: Pick<OutboxMessageSummaryDto, 'status'>): string {
  return OUTBOX_STATUS_LABELS[m.status];
}

export function outboxStatusBadge(m: Pick<OutboxMessageSummaryDto, 'status'>): string {
  return m.status === 'SENT'
    ? 'fr-badge--success'
    : m.status === 'FAILED'
      ? 'fr-badge--error'
      : 'fr-badge--info';
}

const TEMPLATE_LABELS: Record<string, string> = {
  'sitting-convocation': 'Convocation',
  'sitting-convocation-copy': 'Convocation (copie pour information)',
  'decision-signed': 'Décision signée',
  'minutes-signed': 'Procès-verbal signé',
  'sitting-reminder': 'Relance de convocation',
  'sitting-cancelled': 'Annulation de séance',
  'vote-reminder': 'Relance de vote',
  'written-outcome': 'Résultat de délibération écrite',
  'psp-complete': 'Demande complète',
  'psp-missing-items': 'Pièces manquantes',
  'pathway-ended': 'Fin de parcours',
  'pathway-expiry': 'Échéance de parcours',
  'password-reset': 'Mot de passe (lien à usage unique)',
  'proconnect-invitation': 'Invitation à ProConnect',
};

export function templateLabel(template: string): string {
  return TEMPLATE_LABELS[template] ?? template;
}
