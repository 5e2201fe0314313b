import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {
  MemberDto,
  OutboxMessageDto,
  OutboxMessageSummaryDto,
  PageDto,
  PspRequestDto,
  SittingDto,
  UserDto,
} from '@cdlp/shared';
import { api, expectNoViolations, launchBrowser, loginAs, loginWith, newPage } from '../support/browser';
import { tinyPdf } from '../support/files';
import { addDaysIso, laterTodayInParis, parisNow } from '../support/paris';

type Session = { context: BrowserContext; page: Page };

const SUBSTITUTE_PASSWORD = 'Suppleant-Essai-2026!';
const DISSENT = 'Je demande que mon désaccord soit consigné au procès-verbal.';
/** Members the secretariat records as present (with the suppléant, 9 of 17: QUOR-1). */
const PRESENT_KEYS = ['Morvan', 'Castaing', 'Lemaire', 'Delorme', 'Ferrand', 'Vasseur', 'Guérin', 'Haddad'];

async function memberId(
  context: BrowserContext,
  lastName: string,
  seat: 'TITULAIRE' | 'SUPPLEANT' = 'TITULAIRE',
): Promise<string> {
  const page = await api<PageDto<MemberDto>>(
    context,
    'GET',
    `/api/members?search=${encodeURIComponent(lastName)}&status=active`,
  );
  const found = page.items.find((m) => m.lastName === lastName && m.seat === seat);
  if (!found) throw new Error(`No member ${lastName}`);
  return found.id;
}

/** An account for M. Bruno Lacroix, suppléant of Mme Martine Jourdain, created by the administrator. */
async function createSubstituteAccount(admin: BrowserContext): Promise<string> {
  const email = `bruno.lacroix.${Date.now().toString(36)}@demo.cdlp.fr`;
  const user = await api<UserDto>(admin, 'POST', '/api/users', {
    email,
    firstName: 'Bruno',
    lastName: 'Lacroix',
    role: 'MEMBER',
    memberId: await memberId(admin, 'Lacroix', 'SUPPLEANT'),
  });
  const outbox = await api<PageDto<OutboxMessageSummaryDto>>(admin, 'GET', '/api/outbox?pageSize=50');
  const summary = outbox.items.find((m) => m.recipient === email && m.relatedId === user.id);
  if (!summary) throw new Error('The account e-mail was not queued');
  const message = await api<OutboxMessageDto>(admin, 'GET', `/api/outbox/${summary.id}`);
  const token = /token=([^\s&"<]+)/.exec(message.textBody)?.[1];
  if (!token) throw new Error('No link in the account e-mail');
  await api(admin, 'POST', '/api/auth/password-reset', {
    token: decodeURIComponent(token),
    newPassword: SUBSTITUTE_PASSWORD,
  });
  return email;
}

const PIECES = [
  'FORMULAIRE_DEMANDE',
  'PROJET_PARCOURS',
  'EVALUATION_ASSOCIATION',
  'ATTESTATION_ARRET',
  'AGREMENT_ASSOCIATION',
  'ETAT_CIVIL',
  'NATIONALITE',
  'DOMICILE',
  'SITUATION',
];

/**
 * A complete request of the association's own (PSP-3), so that this scenario takes no complete
 * request of the demo away from the other scenarios, whatever their order.
 */
async function completeRequest(association: BrowserContext): Promise<string> {
  const draft = await api<PspRequestDto>(association, 'POST', '/api/psp-requests', {
    dossier: {
      lastName: 'Suppléance',
      firstName: 'Personne',
      birthDate: '1994-05-17',
      nationality: 'Nigériane',
      nationalityGroup: 'AFRIQUE',
      foreigner: true,
      childrenCount: 0,
      housing: 'HEBERGEMENT_URGENCE',
      administrativeStatus: 'SANS_TITRE',
      supportPlan: [
        {
          pillar: 'SANTE',
          plannedActions: 'Suivi médical régulier.',
          commitments: 'Se rendre aux rendez-vous.',
        },
      ],
      evaluation: "Évaluation de l'association : projet d'insertion construit avec la personne.",
      associationOpinion: 'FAVOURABLE',
    },
  });
  const csrf = (await association.cookies()).find((c) => c.name === 'cdlp_csrf')?.value ?? '';
  for (const code of PIECES) {
    const extra: Record<string, string> =
      code === 'NATIONALITE'
        ? { docType: 'PASSEPORT', issueDate: '2022-01-10', expiryDate: '2032-01-09' }
        : code === 'DOMICILE'
          ? { issueDate: addDaysIso(parisNow().date, -10) }
          : {};
    const r = await association.request.fetch(`/api/psp-requests/${draft.id}/documents`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
      multipart: {
        itemCode: code,
        ...extra,
        file: {
          name: `${code.toLowerCase()}.pdf`,
          mimeType: 'application/pdf',
          buffer: tinyPdf(`${code} ${draft.id}`),
        },
      },
    });
    if (!r.ok()) throw new Error(`upload ${code}: ${r.status()} ${await r.text()}`);
  }
  const submitted = await api<PspRequestDto>(association, 'POST', `/api/psp-requests/${draft.id}/submit`);
  expect(submitted.state).toBe('COMPLETE');
  return draft.id;
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-e2e-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * MEMB-1 / PV-1: M. Bruno Lacroix sits for Mme Martine Jourdain, absent. He signs in, finds the
 * sitting in his list, sees the PSP item and its summary, votes for her seat and records a dissent
 * in his own name; the procès-verbal prints him « suppléant de Mme Martine Jourdain ».
 */
describe('a suppléant sits for an absent titulaire', () => {
  let browser: Browser;
  let secretariat: Session;
  let president: Session;
  let substitute: Session;
  let sitting: SittingDto;
  let item: { id: string; reference: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    const admin = await newPage(browser);
    const association = await newPage(browser);
    secretariat = await newPage(browser);
    president = await newPage(browser);
    await Promise.all([
      loginAs(admin.page, 'ADMIN'),
      loginAs(association.page, 'ASSOCIATION'),
      loginAs(secretariat.page, 'SECRETARIAT'),
      loginAs(president.page, 'PRESIDENT'),
    ]);
    const email = await createSubstituteAccount(admin.context);
    const requestId = await completeRequest(association.context);
    await Promise.all([admin.context.close(), association.context.close()]);

    // Set-up through the API: a sitting later today with that request only, convened in
    // urgency, the register confirmed with the suppléant sitting for Mme Jourdain, then opened.
    const s = secretariat.context;
    let created = await api<SittingDto>(s, 'POST', '/api/sittings', {
      kind: 'EXAMINATION',
      mode: 'IN_PERSON',
      startsAtLocal: laterTodayInParis(),
      place: 'Préfecture de la Vienne',
    });
    const others = created.agenda.filter((i) => !i.removed && i.requestId !== requestId);
    expect(created.agenda.some((i) => i.requestId === requestId)).toBe(true);
    for (const extra of others) {
      created = await api<SittingDto>(s, 'POST', `/api/sittings/${created.id}/agenda/${extra.id}/remove`, {
        reason: 'Reporté à une séance ultérieure (test e2e).',
      });
    }
    await api(s, 'POST', `/api/sittings/${created.id}/convocation`, {
      urgent: true,
      urgencyReason: 'Test e2e de la suppléance.',
    });
    for (const key of PRESENT_KEYS) {
      await api(s, 'POST', `/api/sittings/${created.id}/register`, {
        memberId: await memberId(s, key),
        presence: 'PRESENT',
      });
    }
    await api(s, 'POST', `/api/sittings/${created.id}/register`, {
      memberId: await memberId(s, 'Jourdain'),
      presence: 'ABSENT',
      substituteId: await memberId(s, 'Lacroix', 'SUPPLEANT'),
    });
    sitting = await api<SittingDto>(s, 'POST', `/api/sittings/${created.id}/open`);
    expect(sitting.quorum.reached).toBe(true);
    const [first] = sitting.agenda.filter((i) => !i.removed);
    item = { id: first.id, reference: first.reference ?? '' };

    substitute = await newPage(browser);
    await loginWith(substitute.page, email, SUBSTITUTE_PASSWORD);
  });

  afterAll(async () => {
    for (const s of [secretariat, president, substitute]) await s?.context.close();
    await browser?.close();
  });

  it('MEMB-1: the suppléant finds the sitting in his list and sees the PSP item and its summary', async () => {
    const { page } = substitute;
    await page.goto('/seances');
    await page.getByRole('link', { name: `N° ${sitting.number}` }).waitFor();
    await expectNoViolations(page, 'liste des séances, vue du suppléant');
    await page.getByRole('link', { name: `N° ${sitting.number}` }).click();
    await page.getByText('Mise à jour en direct.').waitFor();
    await page
      .locator('#ma-suppleance')
      .getByText(/suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers/)
      .waitFor();
    const row = page.locator('#table-presences tr', { hasText: 'M. Bruno Lacroix' });
    await row.getByText('suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers').waitFor();
    await page.getByRole('button', { name: `Synthèse du dossier ${item.reference}` }).click();
    await page.locator(`#synthese-${item.id}`).getByText('Synthèse sans identité (DP-2)').waitFor();
    await expectNoViolations(page, 'séance et synthèse, vue du suppléant');
  });

  it('MEMB-1 / PV-1: the suppléant votes for the titulaire’s seat and records a dissent in his own name', async () => {
    const { page } = substitute;
    const subject = `pour le dossier ${item.reference}`;
    const block = page.locator(`#vote-${item.id}`);
    await api(president.context, 'POST', `/api/sittings/${sitting.id}/items/${item.id}/vote/open`);
    const vote = block.getByRole('button', {
      name: `Voter défavorable ${subject} pour Mme Martine Jourdain (suppléance)`,
      exact: true,
    });
    await vote.waitFor();
    await vote.click();
    await page.waitForFunction(
      ([id]) =>
        Array.from(document.querySelectorAll(`#vote-${id} button[aria-pressed="true"]`)).some((b) =>
          b.textContent?.includes('défavorable'),
        ),
      [item.id] as const,
    );
    await expectNoViolations(page, 'vote ouvert, vue du suppléant');
    await api(president.context, 'POST', `/api/sittings/${sitting.id}/items/${item.id}/ballots`, {
      choice: 'FAVOURABLE',
      capacity: 'OWN',
      clientKey: `e2e-${Date.now()}`,
    });
    await api(president.context, 'POST', `/api/sittings/${sitting.id}/items/${item.id}/vote/close`);

    await block.getByRole('button', { name: `Faire consigner ma position divergente ${subject}` }).click();
    await block.locator(`#texte-divergence-${item.id}`).fill(DISSENT);
    await block.getByRole('button', { name: 'Consigner ma position', exact: true }).click();
    await block.getByText(`M. Bruno Lacroix (suppléant de Mme Martine Jourdain) : ${DISSENT}`).waitFor();
    await expectNoViolations(page, 'position divergente, vue du suppléant');
  });

  it('PV-1: the procès-verbal prints « suppléant de Mme Martine Jourdain »; once closed, the sitting leaves the suppléant’s list', async () => {
    await api(president.context, 'POST', `/api/sittings/${sitting.id}/close`);
    await api(secretariat.context, 'POST', `/api/sittings/${sitting.id}/minutes`);
    const response = await secretariat.page.request.get(`/api/sittings/${sitting.id}/minutes/draft.pdf`);
    expect(response.ok()).toBe(true);
    const text = pdfText(await response.body());
    expect(text).toContain(
      'M. Bruno Lacroix, Conseiller municipal, Ville de Poitiers — suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers',
    );
    expect(text).toContain(`M. Bruno Lacroix (suppléant de Mme Martine Jourdain) : ${DISSENT}`);

    const { page } = substitute;
    await page.goto('/seances');
    await page.getByText('Aucune séance ne correspond à votre recherche.').waitFor();
    expect(await page.getByRole('link', { name: `N° ${sitting.number}` }).count()).toBe(0);
  });
});
