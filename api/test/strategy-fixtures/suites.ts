import type {
  ApiErrorDto,
  FollowUpDto,
  StrategyActionDto,
  StrategyContentDto,
  StrategyDto,
  StrategyIndicatorDto,
} from '@cdlp/shared';
import { addDays, instantToParisLocal, parisDate, parisLocalToInstant } from '@cdlp/shared';
import { DEMO, TestApp, TestClient, setUpOn, startTestApp } from '../test-app';
import { action, copy, indicator, ok, planOf } from './content';

/** The setup shared by the departmental strategy suites (STRAT-1, MEET-1, VOTE-1, SIG-1). */

type Body<T> = T & ApiErrorDto;

/** A strategy suite's app, its logged-in demo clients and the day it runs (Paris): today, in year Y. */
export type StrategySuite = { t: TestApp; today: string; Y: number } & Record<
  'sec' | 'pres' | 'member' | 'asso' | 'admin',
  TestClient
>;

/**
 * Starts the app of a strategy suite and logs in the demo secretariat, president, member,
 * association and administrator. The policy sitting of the adoption is held at 23:30 on the
 * suite's day; late in the evening the day moves to the next morning (before any login:
 * sessions idle out after a jump of the clock).
 */
export async function startStrategyApp(): Promise<StrategySuite> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const local = instantToParisLocal(t.clock.now());
    if (local.slice(11) >= '22:30') {
      const next = parisLocalToInstant(`${addDays(local.slice(0, 10), 1)}T08:00`);
      if (!next.ok) throw new Error(next.message);
      t.clock.setNow(next.instant);
    }
    const today = parisDate(t.clock.now());
    const Y = Number(today.slice(0, 4));
    const [sec, pres, member, asso, admin] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
      t.login(DEMO.association),
      t.login(DEMO.admin),
    ]);
    return { t, sec, pres, member, asso, admin, today, Y };
  });
}

/** POST a new version of a strategy's content from `baseVersion`. */
export const saveVersion = (
  c: TestClient,
  id: string,
  content: StrategyContentDto,
  baseVersion: number,
  note?: string,
) =>
  c.post<Body<StrategyDto>>(`/strategies/${id}/versions`, {
    content,
    baseVersion,
    ...(note ? { note } : {}),
  });

/** GET a strategy (its current version, or the one asked), failing the test on an error. */
export const readStrategy = async (c: TestClient, id: string, version?: number) =>
  ok(await c.get<Body<StrategyDto>>(`/strategies/${id}${version ? `?version=${version}` : ''}`), 'GET strategy');

/** The actions and indicators of version 2 of the test strategy (kept in version 3). */
export interface DraftPlan {
  comite: StrategyActionDto;
  cartographie: StrategyActionDto;
  formation: StrategyActionDto;
  annuaire: StrategyActionDto;
  journee: StrategyActionDto;
  abandonnee: StrategyActionDto;
  formes: StrategyIndicatorDto;
  attente: StrategyIndicatorDto;
  demandes: StrategyIndicatorDto;
}

/** The actions (deadlines around `today`) and indicators (years around Y) of version 2. */
export function draftPlan(today: string, Y: number): DraftPlan {
  const yesterday = addDays(today, -1);
  return {
    comite: action({
      title: 'Réunir le comité de pilotage partenarial trois fois par an',
      lead: { name: 'Association Passerelles Vienne' },
      partners: [{ name: 'DDETS de la Vienne' }, { name: 'SIAO 86' }],
      startDate: `${Y - 1}-01-15`,
      deadline: addDays(today, 30),
      budget: 0,
      status: 'IN_PROGRESS',
    }),
    cartographie: action({
      title: 'Cartographier les acteurs de l’amont du parcours',
      lead: { name: 'DDETS de la Vienne' },
      deadline: yesterday,
      status: 'NOT_STARTED',
    }),
    formation: action({
      title: 'Former 200 professionnels au repérage',
      lead: { name: 'CIDFF de la Vienne' },
      startDate: `${Y - 1}-03-01`,
      deadline: yesterday,
      budget: 12000,
      fundingSource: 'Programme 137',
      status: 'IN_PROGRESS',
    }),
    annuaire: action({
      title: 'Publier un annuaire départemental des ressources',
      lead: { name: 'Préfecture de la Vienne' },
      deadline: yesterday,
      status: 'IN_PROGRESS',
    }),
    abandonnee: action({
      title: 'Ouvrir une ligne d’écoute dédiée',
      lead: null,
      deadline: yesterday,
      status: 'DROPPED',
    }),
    journee: action({
      title: 'Organiser une journée départementale',
      deadline: `${Y + 2}-06-30`,
      status: 'NOT_STARTED',
    }),
    formes: indicator({
      name: 'Professionnels formés',
      unit: 'personnes',
      direction: 'UP',
      baselineValue: 40,
      baselineYear: Y - 1,
      targetValue: 200,
      targetYear: Y + 2,
    }),
    attente: indicator({
      name: 'Délai d’accès à un hébergement',
      unit: 'jours',
      direction: 'DOWN',
      baselineValue: 60,
      baselineYear: Y - 1,
      targetValue: 30,
      targetYear: Y + 2,
    }),
    demandes: indicator({
      name: 'Demandes de parcours de sortie déposées',
      unit: 'demandes',
      automatic: 'PSP_REQUESTS',
      direction: 'UP',
      baselineValue: 6,
      baselineYear: Y - 1,
      targetValue: 15,
      targetYear: Y + 2,
    }),
  };
}

/** Version 2: an introduction, the diagnostic and its key figures, the plan's actions and indicators. */
export function version2(v1: StrategyContentDto, p: DraftPlan): StrategyContentDto {
  const v2 = copy(v1);
  v2.introduction = 'La présente stratégie décline la stratégie nationale du 2 mai 2024.';
  v2.diagnosticText = 'Une prostitution peu visible, largement organisée par Internet.';
  v2.figures = [
    {
      key: '8f1d4c8e-3f1b-4f57-9a51-0d3c3c1f0a01',
      label: 'Situations décrites par les professionnels (2020-2023)',
      value: 188,
      unit: 'situations',
      source: 'Diagnostic départemental',
      year: 2024,
    },
    {
      key: '8f1d4c8e-3f1b-4f57-9a51-0d3c3c1f0a02',
      label: 'Annonces relevées en deux mois',
      value: 420,
      unit: 'annonces',
      source: 'Diagnostic départemental',
      year: 2023,
    },
  ];
  Object.assign(planOf(v2, 1), {
    priority: 'HIGH',
    findings: 'Le comité de pilotage a été relancé en 2022.',
    actions: [p.comite, p.cartographie],
  });
  Object.assign(planOf(v2, 4), { priority: 'HIGH', indicators: [p.demandes] });
  Object.assign(planOf(v2, 5), { priority: 'MEDIUM', actions: [p.formation], indicators: [p.formes] });
  Object.assign(planOf(v2, 14), { indicators: [p.attente] });
  v2.localActions = [p.annuaire, p.abandonnee, p.journee];
  return v2;
}

/** Version 3: a figure changed and one added, findings and a priority changed, an action added, one removed. */
export function version3(v2: StrategyContentDto, p: DraftPlan, Y: number): StrategyContentDto {
  const v3 = copy(v2);
  v3.figures[0].value = 190;
  v3.figures.push({
    key: '8f1d4c8e-3f1b-4f57-9a51-0d3c3c1f0a03',
    label: 'Logements mis à disposition',
    value: 8,
    unit: 'places',
    source: 'Diagnostic départemental',
    year: 2024,
  });
  planOf(v3, 1).findings = 'Le comité de pilotage a été relancé en 2022 ; l’amont reste peu coordonné.';
  planOf(v3, 1).actions[0].partners = [{ name: 'DDETS de la Vienne' }];
  planOf(v3, 5).priority = 'HIGH';
  planOf(v3, 7).actions = [
    action({
      title: 'Intervenir dans les collèges et lycées',
      lead: { name: 'Éducation nationale' },
      deadline: `${Y + 1}-06-30`,
    }),
  ];
  v3.localActions = v3.localActions.filter((a) => a.key !== p.journee.key);
  return v3;
}

/** The test strategy as its drafting leaves it: versions 1 to 3, the plan of version 2. */
export interface DraftedStrategy extends DraftPlan {
  S: StrategyDto;
  v1: StrategyContentDto;
  v2: StrategyContentDto;
  v3: StrategyContentDto;
}

/**
 * The secretariat writes the test strategy through versions 1 to 3, as the drafting suite
 * does step by step (strategy-drafting.int-spec): the starting point of the later suites.
 */
export async function draftStrategy(s: StrategySuite): Promise<DraftedStrategy> {
  const { sec, today, Y } = s;
  const S = ok(
    await sec.post<Body<StrategyDto>>('/strategies', {
      title: 'Stratégie départementale de test',
      periodStart: Y,
      periodEnd: Y + 2,
    }),
    'create strategy',
  );
  const plan = draftPlan(today, Y);
  const v1 = S.content;
  const v2 = version2(v1, plan);
  ok(await saveVersion(sec, S.id, v2, 1, 'Premier projet issu du diagnostic'), 'version 2');
  const v3 = version3(v2, plan, Y);
  ok(await saveVersion(sec, S.id, v3, 2, 'Après la réunion du comité technique'), 'version 3');
  return { ...plan, S, v1, v2, v3 };
}

/** The demo strategy made ready for its documents (PDF and XLSX), and what the suites read of it. */
export interface DemoStrategyDocs {
  t: TestApp;
  sec: TestClient;
  member: TestClient;
  id: string;
  Y: number;
  today: string;
  content: StrategyContentDto;
  followUp: FollowUpDto;
  protocole: StrategyActionDto;
  plaquette: StrategyActionDto;
}

/**
 * STRAT-1: the demo strategy (a draft of the Vienne, version 2, with the figures of the
 * diagnostic 188/420/18/8) given a version 3 with one late action (deadline yesterday) and
 * one action without a lead, and a year of follow-up.
 */
export async function startDemoStrategyDocs(): Promise<DemoStrategyDocs> {
  const protocole = action({
    title: 'Signer le protocole de signalement et de retour de fugue',
    lead: { name: 'Parquet de Poitiers' },
    partners: [{ name: 'PJJ' }, { name: 'CHU de Poitiers' }],
    status: 'NOT_STARTED',
  });
  const plaquette = action({
    title: 'Diffuser une plaquette aux hôteliers',
    lead: null,
    status: 'NOT_STARTED',
  });
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
    const today = parisDate(t.clock.now());
    const Y = Number(today.slice(0, 4));
    const rows: { id: string }[] = await t.ds.query(`SELECT id FROM strategy`);
    expect(rows).toHaveLength(1);
    const id = rows[0].id;
    const demo = ok(await sec.get<Body<StrategyDto>>(`/strategies/${id}`), 'demo strategy');
    expect(demo).toMatchObject({ state: 'DRAFT', currentVersion: 2 });
    expect(demo.content.figures.map((f) => f.value)).toEqual([188, 420, 18, 8]);

    // Version 3: one late action (deadline yesterday) and one action without a lead; a year of follow-up.
    protocole.deadline = addDays(today, -1);
    plaquette.deadline = `${Y + 1}-06-30`;
    const v3 = copy(demo.content);
    planOf(v3, 3).actions.push(protocole);
    planOf(v3, 16).actions.push(plaquette);
    const saved = ok(
      await sec.post<Body<StrategyDto>>(`/strategies/${id}/versions`, {
        content: v3,
        baseVersion: 2,
        note: 'Protocole mineurs',
      }),
      'version 3',
    );
    const content = saved.content;
    const comite = planOf(content, 1).actions[0];
    const formes = planOf(content, 5).indicators[0];
    expect(formes.name).toBe('Professionnels formés');
    ok(
      await sec.put(`/strategies/${id}/action-progress`, { actionKey: comite.key, year: Y, status: 'DONE' }),
      'progress',
    );
    ok(
      await sec.put(`/strategies/${id}/indicator-values`, { indicatorKey: formes.key, year: Y, value: 50 }),
      'value',
    );
    const followUp = ok(await sec.get<Body<FollowUpDto>>(`/strategies/${id}/follow-up?year=${Y}`), 'follow-up');
    return { t, sec, member, id, Y, today, content, followUp, protocole, plaquette };
  });
}

/** A strategy suite started on the test strategy as its drafting leaves it (versions 1 to 3). */
export async function startDraftedStrategy(): Promise<StrategySuite & DraftedStrategy> {
  const s = await startStrategyApp();
  return setUpOn(s.t, async () => ({ ...s, ...(await draftStrategy(s)) }));
}
