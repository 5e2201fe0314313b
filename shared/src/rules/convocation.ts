import { parisDate } from './dates';
import { daysBetween } from './dates';

/** CONV-2: members receive the convocation at least 5 days before the sitting (dated configuration). */
export const DEFAULT_CONVOCATION_DAYS = 5;

export interface ConvocationCheck {
  onTime: boolean;
  days: number;
  message: string;
}

/** Whole calendar days (Paris) between the sending and the sitting. */
export function checkConvocationDelay(sentAt: Date, sittingAt: Date, minimumDays = DEFAULT_CONVOCATION_DAYS): ConvocationCheck {
  const days = daysBetween(parisDate(sentAt), parisDate(sittingAt));
  const onTime = days >= minimumDays;
  return {
    onTime,
    days,
    message: onTime
      ? `Convocation envoyée ${days} jours avant la séance (CONV-2 : ${minimumDays} jours au moins).`
      : `La convocation partirait ${days} jour${days > 1 ? 's' : ''} avant la séance, moins que les ${minimumDays} jours requis (CONV-2) : cochez « urgence » et indiquez le motif.`,
  };
}
