import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {
  MemberDto,
  OutboxMessageDto,
  OutboxMessageSummaryDto,
  PageDto,
  SittingDto,
  UserDto,
} from '@cdlp/shared';
import { api, expectNoViolations, launchBrowser, loginAs, loginWith, newPage } from '../support/browser';
import { laterTodayInParis } from '../support/paris';

type Session = { context: BrowserContext; page: Page };

const SECOND_MEMBER_PASSWORD = 'Membre-Essai-2026!';

/** Members the secretariat records as present: with the secretariat's mandate, 9 of 17 (QUOR-1). */
const PRESENT_KEYS = ['Morvan', 'Castaing', 'Delorme', 'Ferrand', 'Vasseur', 'Guérin', 'Haddad', 'Roche'];

async function memberId(context: BrowserContext, lastName: string): Promise<string> {
  const page = await api<PageDto<MemberDto>>(
    context,
    'GET',
    `/api/members?search=${encodeURIComponent(lastName)}&status=active`,
  );
  const found = page.items.find((m) => m.lastName === lastName && m.seat === 'TITULAIRE');
  if (!found) throw new Error(`No member ${lastName}`);
  return found.id;
}

/** A second member account (Mme Hélène Castaing), created by the administrator, password set from the e-mail's link. */
async function createSecondMember(admin: BrowserContext): Promise<string> {
  const email = `helene.castaing.${Date.now().toString(36)}@demo.cdlp.fr`;
  const user = await api<UserDto>(admin, 'POST', '/api/users', {
    email,
    firstName: 'Hélène',
    lastName: 'Castaing',
    role: 'MEMBER',
    memberId: await memberId(admin, 'Castaing'),
  });
  const outbox = await api<PageDto<OutboxMessageSummaryDto>>(admin, 'GET', '/api/outbox?pageSize=50');
  const summary = outbox.items.find((m) => m.recipient === email && m.relatedId === user.id);
  if (!summary) throw new Error('The account e-mail was not queued');
  const message = await api<OutboxMessageDto>(admin, 'GET', `/api/outbox/${summary.id}`);
  const token = /token=([^\s&"<]+)/.exec(message.textBody)?.[1];
  if (!token) throw new Error('No link in the account e-mail');
  await api(admin, 'POST', '/api/auth/password-reset', {
    token: decodeURIComponent(token),
    newPassword: SECOND_MEMBER_PASSWORD,
  });
  return email;
}

function voteBlock(page: Page, itemId: string) {
  return page.locator(`#vote-${itemId}`);
}

async function vote(page: Page, itemId: string, name: string): Promise<void> {
  const button = voteBlock(page, itemId).getByRole('button', { name, exact: true });
  await button.click();
  await page.waitForFunction(
    ([id, label]) =>
      Array.from(document.querySelectorAll(`#vote-${id} button[aria-pressed]`)).some(
        (b) =>
          b.textContent?.replace(/\s+/g, ' ').trim() === label && b.getAttribute('aria-pressed') === 'true',
      ),
    [itemId, name] as const,
  );
}

/**
 * VOTE-1, MAND-1, COI-1: three people vote at the same time in their own browsers (the president,
 * two members); one member holds the secretariat's mandate, another declares an interest, a tie
 * is decided by the president's vote, and the opinions reach the PSP requests.
 */
describe('voting on a sitting', () => {
  let browser: Browser;
  let secretariat: Session;
  let president: Session;
  let member: Session;
  let member2: Session;
  let sitting: SittingDto;
  let items: { id: string; reference: string }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const admin = await newPage(browser);
    secretariat = await newPage(browser);
    await Promise.all([loginAs(admin.page, 'ADMIN'), loginAs(secretariat.page, 'SECRETARIAT')]);
    const secondEmail = await createSecondMember(admin.context);
    await admin.context.close();

    // Set-up through the API (the pages are exercised by sittings.e2e.ts): a sitting later today
    // with three complete requests, convened in urgency, the register confirmed, then opened.
    const s = secretariat.context;
    let created = await api<SittingDto>(s, 'POST', '/api/sittings', {
      kind: 'EXAMINATION',
      mode: 'IN_PERSON',
      startsAtLocal: laterTodayInParis(),
      place: 'Préfecture de la Vienne',
    });
    const live = created.agenda.filter((i) => !i.removed);
    expect(live.length).toBeGreaterThanOrEqual(3);
    for (const extra of live.slice(3)) {
      created = await api<SittingDto>(s, 'POST', `/api/sittings/${created.id}/agenda/${extra.id}/remove`, {
        reason: 'Reporté à une séance ultérieure (test e2e).',
      });
    }
    await api(s, 'POST', `/api/sittings/${created.id}/convocation`, {
      urgent: true,
      urgencyReason: 'Test e2e du vote.',
    });
    const marc = await memberId(s, 'Delorme');
    // The secretariat's member (Mme Sophie Lemaire) gives a mandate to M. Marc Delorme (MAND-1).
    await api(s, 'POST', `/api/sittings/${created.id}/attendance`, {
      answer: 'MANDATE',
      mandateHolderId: marc,
    });
    for (const key of PRESENT_KEYS) {
      await api(s, 'POST', `/api/sittings/${created.id}/register`, {
        memberId: await memberId(s, key),
        presence: 'PRESENT',
      });
    }
    sitting = await api<SittingDto>(s, 'POST', `/api/sittings/${created.id}/open`);
    expect(sitting.quorum.reached).toBe(true);
    items = sitting.agenda
      .filter((i) => !i.removed)
      .sort((a, b) => a.position - b.position)
      .map((i) => ({ id: i.id, reference: i.reference ?? '' }));

    president = await newPage(browser);
    member = await newPage(browser);
    member2 = await newPage(browser);
    await Promise.all([
      loginAs(president.page, 'PRESIDENT'),
      loginAs(member.page, 'MEMBER'),
      loginWith(member2.page, secondEmail, SECOND_MEMBER_PASSWORD),
    ]);
    await Promise.all(
      [secretariat, president, member, member2].map(async ({ page }) => {
        await page.goto(`/seances/${sitting.id}`);
        await page.getByRole('heading', { name: 'Délibération et votes' }).waitFor();
        await page.getByText('Mise à jour en direct.').waitFor();
      }),
    );
  });

  afterAll(async () => {
    for (const s of [secretariat, president, member, member2]) await s?.context.close();
    await browser?.close();
  });

  it('decides a tie with the president’s vote; the mandate is used and a lost answer is sent again with the same key', async () => {
    const [item] = items;
    const subject = `pour le dossier ${item.reference}`;
    await voteBlock(president.page, item.id)
      .getByRole('button', { name: `Ouvrir le vote ${subject}` })
      .click();
    await voteBlock(member.page, item.id).getByText('Vote pour vous', { exact: true }).waitFor();
    await voteBlock(member.page, item.id).getByText('Vote pour Mme Sophie Lemaire (mandat)').waitFor();
    await expectNoViolations(member.page, 'vote ouvert, vue d’un membre');

    // The first answer to M. Delorme's vote is lost on the way back: he sends it again.
    const keys: string[] = [];
    member.page.on('request', (r) => {
      if (r.url().endsWith('/ballots') && r.method() === 'POST')
        keys.push((r.postDataJSON() as { clientKey: string }).clientKey);
    });
    await member.page.route(
      '**/ballots',
      async (route) => {
        await route.fetch();
        await route.abort('failed');
      },
      { times: 1 },
    );
    await voteBlock(member.page, item.id)
      .getByRole('button', { name: `Voter défavorable ${subject} pour vous` })
      .click();
    await voteBlock(member.page, item.id)
      .getByRole('alert')
      .getByText("Le vote n'a pas pu être confirmé")
      .waitFor();
    await voteBlock(member.page, item.id).getByRole('button', { name: 'Renvoyer le vote pour vous' }).click();
    await voteBlock(member.page, item.id).getByText('Vote enregistré pour vous : Défavorable.').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    await vote(member.page, item.id, `Voter défavorable ${subject} pour Mme Sophie Lemaire`);
    await vote(president.page, item.id, `Voter favorable ${subject} pour vous`);
    await vote(member2.page, item.id, `Voter favorable ${subject} pour vous`);

    // Who has voted, never what: 4 votes, M. Delorme once for himself and once for Mme Lemaire.
    const block = voteBlock(president.page, item.id);
    await block.getByText(/^4 votes sur \d+$/).waitFor();
    expect(await block.textContent()).toContain('M. Marc Delorme (pour Mme Sophie Lemaire)');
    expect(await block.textContent()).not.toContain('Défavorable');
    await expectNoViolations(president.page, 'vote ouvert, vue de la présidence');

    await block.getByRole('button', { name: `Clore le vote ${subject}` }).click();
    const result = voteBlock(member2.page, item.id).locator(`#resultat-${item.id}`);
    await result.waitFor();
    expect(await result.textContent()).toContain('Avis favorable : 2 voix pour, 2 contre');
    expect(await result.textContent()).toContain('la voix de la présidence est prépondérante');

    // PV-1: M. Delorme asks for his disagreement to be recorded.
    const mine = voteBlock(member.page, item.id);
    await mine.getByRole('button', { name: `Faire consigner ma position divergente ${subject}` }).click();
    await mine
      .getByLabel('Ma position, à consigner au procès-verbal')
      .fill('Le projet d’hébergement reste trop incertain.');
    await mine.getByRole('button', { name: 'Consigner ma position', exact: true }).click();
    await voteBlock(president.page, item.id)
      .getByText('M. Marc Delorme : Le projet d’hébergement reste trop incertain.')
      .waitFor();
  });

  it('removes a member who declares an interest from the vote (COI-1)', async () => {
    const item = items[1];
    const subject = `pour le dossier ${item.reference}`;
    await voteBlock(president.page, item.id)
      .getByRole('button', { name: `Ouvrir le vote ${subject}` })
      .click();
    const hers = voteBlock(member2.page, item.id);
    await hers.getByRole('button', { name: `Voter favorable ${subject} pour vous` }).waitFor();
    await hers.getByRole('button', { name: `Déclarer un intérêt ${subject}` }).click();
    await hers.getByLabel("Motif du conflit d'intérêts").fill('Je connais personnellement la personne.');
    await hers.getByRole('button', { name: "Confirmer la déclaration d'intérêt" }).click();
    await hers.getByText('Vous avez déclaré un intérêt sur ce point').waitFor();
    expect(await hers.getByRole('button', { name: /^Voter / }).count()).toBe(0);

    await vote(president.page, item.id, `Voter favorable ${subject} pour vous`);
    await vote(member.page, item.id, `Voter favorable ${subject} pour vous`);
    await vote(member.page, item.id, `Voter favorable ${subject} pour Mme Sophie Lemaire`);
    const block = voteBlock(president.page, item.id);
    await block.getByText('Mme Hélène Castaing - Je connais personnellement la personne.').waitFor();
    // COMP-4: the association's representative is recused automatically.
    expect(await block.textContent()).toContain('Mme Léa Moreau');
    await block.getByText(/^3 votes sur \d+$/).waitFor();
    await block.getByRole('button', { name: `Clore le vote ${subject}` }).click();
    await block
      .locator(`#resultat-${item.id}`, { hasText: 'Avis favorable : 3 voix pour, 0 contre' })
      .waitFor();
  });

  it('lets the secretariat remind the members who have not voted, then gives an unfavourable opinion', async () => {
    const item = items[2];
    const subject = `pour le dossier ${item.reference}`;
    await voteBlock(president.page, item.id)
      .getByRole('button', { name: `Ouvrir le vote ${subject}` })
      .click();
    await vote(president.page, item.id, `Voter défavorable ${subject} pour vous`);
    await vote(member.page, item.id, `Voter défavorable ${subject} pour vous`);
    await vote(member.page, item.id, `S'abstenir ${subject} pour Mme Sophie Lemaire`);
    await vote(member2.page, item.id, `Voter défavorable ${subject} pour vous`);
    const desk = voteBlock(secretariat.page, item.id);
    await desk.getByText(/^4 votes sur \d+$/).waitFor();
    await desk.getByRole('button', { name: `Relancer les membres qui n'ont pas voté ${subject}` }).click();
    await desk.getByText(/membres ont été relancés par courriel/).waitFor();
    await voteBlock(president.page, item.id)
      .getByRole('button', { name: `Clore le vote ${subject}` })
      .click();
    await voteBlock(member.page, item.id)
      .locator(`#resultat-${item.id}`, { hasText: 'Avis défavorable : 0 voix pour, 3 contre, 1 abstention' })
      .waitFor();
  });

  it('shows the opinions on the PSP requests and closes the sitting', async () => {
    const { page } = secretariat;
    await page.goto('/demandes?state=OPINION_GIVEN');
    await page.getByRole('heading', { level: 1, name: 'Demandes de parcours de sortie' }).waitFor();
    const expected = ['Avis favorable', 'Avis favorable', 'Avis défavorable'];
    for (const [index, item] of items.entries()) {
      const row = page.locator('tr', { has: page.getByRole('link', { name: item.reference, exact: true }) });
      await row.waitFor();
      expect(await row.textContent()).toContain(expected[index]);
    }
    await president.page.getByRole('button', { name: 'Clore la séance' }).click();
    await president.page.locator('#etat-seance', { hasText: 'Close' }).waitFor();
    await member.page.locator('#etat-seance', { hasText: 'Close' }).waitFor();
  });
});
