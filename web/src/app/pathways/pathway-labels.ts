import { PATHWAY_END_REASON_LABELS, RESIDENCE_PERMIT_LABELS, type PathwayDto } from '@cdlp/shared';

/** PSP-6: how close the end of the current period is; the alert default is 45 days. */
export const PATHWAY_ALERT_DAYS = 45;

export function pathwayStateLabel(p: Pick<PathwayDto, 'state'>): string {
  return p.state === 'ACTIVE' ? 'En cours' : 'Terminé';
}

export function endsInText(days: number | null): string {
  if (days === null) return '';
  if (days < 0) return `période échue depuis ${-days} jour${-days > 1 ? 's' : ''}`;
  if (days === 0) return "la période se termine aujourd'hui";
  return `fin de période dans ${days} jour${days > 1 ? 's' : ''}`;
}

export function endsSoon(p: Pick<PathwayDto, 'state' | 'daysToPeriodEnd'>): boolean {
  return p.state === 'ACTIVE' && p.daysToPeriodEnd !== null && p.daysToPeriodEnd <= PATHWAY_ALERT_DAYS;
}

export function residencePermitLabel(p: Pick<PathwayDto, 'residencePermitStatus'>): string {
  return RESIDENCE_PERMIT_LABELS[p.residencePermitStatus];
}

export function endReasonLabel(p: Pick<PathwayDto, 'endReason'>): string {
  return p.endReason ? PATHWAY_END_REASON_LABELS[p.endReason] : '';
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** AFIS-1: "343,20 €". */
export function formatEuros(amount: number): string {
  return euros.format(amount);
}

/** "18 mois sur 24". */
export function monthsText(total: number, max = 24): string {
  return `${total} mois sur ${max}`;
}
