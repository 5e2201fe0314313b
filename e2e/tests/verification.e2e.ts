import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MinutesDto, SignedDocumentDto } from '@cdlp/shared';
import { api, expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { closedPolicySitting } from '../support/deliberation';
import { tinyPdf } from '../support/files';
import { screenshot } from '../support/screenshots';

type Session = { context: BrowserContext; page: Page };

/** SIG-2: any logged-in user checks a PDF: genuine as signed, altered after one byte changed, unknown otherwise. */
describe('verification of a signed document', () => {
  let browser: Browser;
  let member: Session;
  let signed: Buffer;
  let document: SignedDocumentDto;

  beforeAll(async () => {
    browser = await launchBrowser();
    const [secretariat, president] = await Promise.all([newPage(browser), newPage(browser)]);
    member = await newPage(browser);
    await Promise.all([
      loginAs(secretariat.page, 'SECRETARIAT'),
      loginAs(president.page, 'PRESIDENT'),
      loginAs(member.page, 'MEMBER'),
    ]);
    // Set-up through the API: minutes signed by the president (the pages are tested by minutes-decisions.e2e.ts).
    const { sitting } = await closedPolicySitting(
      secretariat.context,
      president.context,
      'Séance de vérification',
      'Point unique',
    );
    await api<MinutesDto>(secretariat.context, 'POST', `/api/sittings/${sitting.id}/minutes`);
    await api<MinutesDto>(president.context, 'POST', `/api/sittings/${sitting.id}/minutes/sign`);
    [document] = await api<SignedDocumentDto[]>(
      member.context,
      'GET',
      `/api/sittings/${sitting.id}/minutes/documents`,
    );
    const response = await member.context.request.get(`/api/documents/${document.id}/content`);
    signed = Buffer.from(await response.body());
    await Promise.all([secretariat.context.close(), president.context.close()]);
  });

  afterAll(async () => {
    await member?.context.close();
    await browser?.close();
  });

  async function verify(name: string, content: Buffer): Promise<string> {
    const { page } = member;
    await page.goto('/verification');
    await page.getByRole('heading', { level: 1, name: 'Vérifier un document' }).waitFor();
    await page
      .getByLabel('Document PDF à vérifier')
      .setInputFiles({ name, mimeType: 'application/pdf', buffer: content });
    await page.getByRole('button', { name: 'Vérifier le document' }).click();
    const heading = page.locator('#resultat .fr-alert__title');
    await heading.waitFor();
    return (await heading.textContent())?.trim() ?? '';
  }

  it('reaches the page from the main navigation and reports no accessibility violation', async () => {
    const { page } = member;
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Vérifier un document' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Vérifier un document' }).waitFor();
    expect(await page.title()).toBe('Vérifier un document - Portail CDLP');
    await pageReady(page);
    await expectNoViolations(page, 'vérification, formulaire');
  });

  it('says a signed PDF, as downloaded, is genuine and names it', async () => {
    expect(await verify('proces-verbal.pdf', signed)).toBe('Document authentique');
    const { page } = member;
    expect(await page.locator('#resultat .fr-alert').getAttribute('class')).toContain('fr-alert--success');
    const details = (await page.locator('#resultat').textContent()) ?? '';
    expect(details).toContain(document.title);
    expect(details).toContain('Claire Morvan');
    expect(details).toContain(document.sha256);
    await screenshot(page, 'verification-authentique');
    await expectNoViolations(page, 'vérification, document authentique');
  });

  it('says the same PDF with one byte changed is altered', async () => {
    const altered = Buffer.from(signed);
    const marker = altered.indexOf('CDLP-DOC:');
    // One byte of the header comment, away from the document's marker.
    const at = marker > 20 && marker < 40 ? 200 : 10;
    altered[at] = altered[at] ^ 0x01;
    expect(await verify('proces-verbal-modifie.pdf', altered)).toBe('Document altéré');
    const { page } = member;
    expect(await page.locator('#resultat .fr-alert').getAttribute('class')).toContain('fr-alert--error');
    expect(await page.locator('#resultat').textContent()).toContain('ALTÉRÉ');
    await screenshot(page, 'verification-altere');
    await expectNoViolations(page, 'vérification, document altéré');
  });

  it('says a PDF the portal never signed is unknown', async () => {
    expect(await verify('autre.pdf', tinyPdf('Un autre document'))).toBe('Document inconnu');
  });
});
