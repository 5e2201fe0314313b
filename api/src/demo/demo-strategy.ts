import { randomUUID } from 'node:crypto';
import { StrategyContentDto, StrategyReferenceDto } from '@cdlp/shared';
import { emptyContent } from '../strategy/strategy.service';

const key = () => randomUUID();

/**
 * A draft strategy of the Vienne, with the figures of the departmental diagnostic
 * (seed 002) and a few actions and indicators. The people and budgets are illustrative.
 */
export function demoStrategyContent(reference: StrategyReferenceDto, year: number): StrategyContentDto {
  const content = emptyContent(reference);
  content.introduction =
    "La présente stratégie décline dans la Vienne la stratégie nationale du 2 mai 2024. Elle s'appuie sur le diagnostic départemental de 2024 et sur ses seize préconisations, et sera suivie chaque année par la commission départementale.";
  content.diagnosticText =
    "Le diagnostic met en lumière une prostitution peu visible, largement organisée par Internet, et des situations de mineurs repérées par les professionnels. La Vienne a été le deuxième département à installer sa commission, dès 2017.";
  content.figures = [
    { key: key(), label: 'Situations de personnes concernées décrites par les professionnels (2020-2023)', value: 188, unit: 'situations', source: 'Diagnostic départemental de la Vienne', year: 2024 },
    { key: key(), label: "Annonces d'offre de prostitution en ligne relevées en deux mois", value: 420, unit: 'annonces', source: 'Diagnostic départemental de la Vienne', year: 2023 },
    { key: key(), label: 'Personnes ayant bénéficié d’un parcours de sortie depuis 2017', value: 18, unit: 'personnes', source: 'Diagnostic départemental de la Vienne', year: 2024 },
    { key: key(), label: 'Logements mis à disposition des bénéficiaires du parcours', value: 8, unit: 'places', source: 'Diagnostic départemental de la Vienne', year: 2024 },
  ];
  const plan = (n: number) => content.recommendations.find((r) => r.recommendationNumber === n)!;
  const p1 = plan(1);
  p1.priority = 'HIGH';
  p1.findings = "Le comité de pilotage partenarial a été relancé en 2022 par l'association agréée ; l'amont de l'entrée en parcours reste peu coordonné.";
  p1.actions.push({
    key: key(),
    title: 'Réunir le comité de pilotage partenarial trois fois par an',
    description: "Orientation, mise à l'abri et séjour avant l'entrée en parcours.",
    lead: { name: 'Association Passerelles Vienne' },
    partners: [{ name: 'DDETS de la Vienne' }, { name: 'SIAO 86' }],
    startDate: `${year}-01-15`,
    deadline: `${year}-12-15`,
    budget: 0,
    fundingSource: null,
    status: 'IN_PROGRESS',
  });
  const p4 = plan(4);
  p4.priority = 'HIGH';
  p4.findings = 'La commission doit se réunir dès qu’une demande est complète (instruction du 13 avril 2022).';
  p4.actions.push({
    key: key(),
    title: 'Rendre l’avis de la commission dans les 30 jours suivant la complétude',
    description: 'Recours à la délibération électronique écrite lorsque aucune séance n’est prévue.',
    lead: { name: 'Délégation départementale aux droits des femmes' },
    partners: [],
    startDate: `${year}-01-01`,
    deadline: `${year + 2}-12-31`,
    budget: null,
    fundingSource: null,
    status: 'IN_PROGRESS',
  });
  p4.indicators.push(
    { key: key(), name: 'Délai médian entre la complétude et l’avis (PSP-4)', unit: 'jours', automatic: 'MEDIAN_DAYS_TO_OPINION', direction: 'DOWN', baselineValue: 60, baselineYear: year - 1, targetValue: 30, targetYear: year + 2 },
    { key: key(), name: 'Demandes de parcours de sortie déposées', unit: 'demandes', automatic: 'PSP_REQUESTS', direction: 'UP', baselineValue: 6, baselineYear: year - 1, targetValue: 15, targetYear: year + 2 },
  );
  const p5 = plan(5);
  p5.priority = 'MEDIUM';
  p5.actions.push({
    key: key(),
    title: 'Former 200 professionnels au repérage des situations de prostitution',
    description: 'Sensibilisation de base, puis modules d’approfondissement (traite, mineurs, numérique).',
    lead: { name: 'CIDFF de la Vienne' },
    partners: [{ name: 'Éducation nationale' }, { name: 'ARS Nouvelle-Aquitaine' }],
    startDate: `${year}-03-01`,
    deadline: `${year}-06-30`,
    budget: 12000,
    fundingSource: 'Programme 137',
    status: 'NOT_STARTED',
  });
  p5.indicators.push({ key: key(), name: 'Professionnels formés', unit: 'personnes', automatic: null, direction: 'UP', baselineValue: 40, baselineYear: year - 1, targetValue: 200, targetYear: year + 2 });
  const p13 = plan(13);
  p13.priority = 'HIGH';
  p13.indicators.push({ key: key(), name: 'Parcours en cours dans l’année', unit: 'parcours', automatic: 'ACTIVE_PATHWAYS', direction: 'UP', baselineValue: 2, baselineYear: year - 1, targetValue: 8, targetYear: year + 2 });
  content.localActions.push({
    key: key(),
    title: 'Publier un annuaire départemental des ressources pour les professionnels',
    description: 'Action locale, hors préconisations du diagnostic.',
    lead: { name: 'Préfecture de la Vienne' },
    partners: [],
    startDate: `${year}-02-01`,
    deadline: `${year}-09-30`,
    budget: 2500,
    fundingSource: 'Crédits départementaux',
    status: 'NOT_STARTED',
  });
  return content;
}
