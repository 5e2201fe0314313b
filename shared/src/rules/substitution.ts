import { AppointmentKind, Civility, Seat } from '../contract/registry';

export interface SubstitutionParty {
  id: string;
  seat: Seat;
  appointmentKind: AppointmentKind;
  categoryCode: string;
  organisation: string;
  active: boolean;
}

/**
 * MEMB-1 (CRPA R133-3): who may stand in for a titulaire.
 * - an ex officio member, by someone of the same service;
 * - an elected member, only by an elected member of the same assembly;
 * - a representative, by someone of the same body;
 * - a qualified person (personnalité qualifiée) cannot be replaced.
 * Returns the French reasons for refusal; an empty list means the link is allowed.
 */
export function checkSubstitution(titulaire: SubstitutionParty, substitute: SubstitutionParty): string[] {
  const errors: string[] = [];
  if (titulaire.id === substitute.id) {
    errors.push('Un membre ne peut pas être son propre suppléant (MEMB-1).');
    return errors;
  }
  if (titulaire.seat !== 'TITULAIRE') {
    errors.push('Le membre suppléé doit être un titulaire (MEMB-1).');
  }
  if (substitute.seat !== 'SUPPLEANT') {
    errors.push('Seul un membre nommé comme suppléant peut suppléer un titulaire (MEMB-1).');
  }
  if (!titulaire.active) {
    errors.push("Le mandat du titulaire a pris fin : il ne peut plus être suppléé (MEMB-1).");
  }
  if (titulaire.appointmentKind === 'QUALIFIED_PERSON') {
    errors.push('Une personnalité qualifiée ne peut pas être suppléée (MEMB-1).');
  }
  if (titulaire.categoryCode !== substitute.categoryCode) {
    errors.push('Le suppléant doit appartenir à la même catégorie que le titulaire (MEMB-1).');
  }
  const sameBody = normalise(titulaire.organisation) === normalise(substitute.organisation);
  if (titulaire.appointmentKind === 'ELECTED') {
    if (substitute.appointmentKind !== 'ELECTED') {
      errors.push('Un élu ne peut être suppléé que par un élu (MEMB-1).');
    }
    if (!sameBody) {
      errors.push("Un élu ne peut être suppléé que par un élu de la même assemblée (MEMB-1).");
    }
  } else if (titulaire.appointmentKind === 'EX_OFFICIO' && !sameBody) {
    errors.push('Un membre de droit ne peut être suppléé que par une personne du même service (MEMB-1).');
  } else if (titulaire.appointmentKind === 'REPRESENTATIVE' && !sameBody) {
    errors.push("Un représentant ne peut être suppléé que par une personne du même organisme (MEMB-1).");
  }
  return errors;
}

function normalise(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * MEMB-1 / PV-1: how a suppléant who sits is named, in the procès-verbal and on the sitting
 * page: « suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers ».
 */
export function substituteOfText(substituteCivility: Civility, titulaireName: string, titulaireQuality?: string | null): string {
  const role = substituteCivility === 'MME' ? 'suppléante' : 'suppléant';
  return `${role} de ${titulaireName}${titulaireQuality ? `, ${titulaireQuality}` : ''}`;
}
