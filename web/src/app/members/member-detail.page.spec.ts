import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@cdlp/shared';
import { member } from '../../testing/fixtures';
import { byText, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { MemberDetailPage } from './member-detail.page';

const ID = '11111111-1111-4111-8111-111111111111';

describe('MemberDetailPage', () => {
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    http = setUpPageTest([{ path: 'membres/:id', component: MemberDetailPage }]);
  });

  afterEach(() => http.verify());

  async function open(role: Role, dto = member({ substituteIds: ['s1'] })): Promise<void> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/membres/${ID}`);
    http.expectOne(`/api/members/${ID}`).flush(dto);
    for (const id of dto.substituteIds) {
      http
        .expectOne(`/api/members/${id}`)
        .flush(member({ id, civility: 'M', firstName: 'Paul', lastName: 'Martin', seat: 'SUPPLEANT' }));
    }
    await settle();
    el = harness.routeNativeElement as HTMLElement;
  }

  it('shows the member, the mandate and the substitutes', async () => {
    await open('PRESIDENT');
    expect(el.querySelector('h1')?.textContent).toBe('Mme Claire Dubois');
    expect(el.textContent).toContain('AP 2026-001');
    expect(el.textContent).toContain('15 janvier 2026');
    expect(el.querySelector('a[href="/membres/s1"]')?.textContent).toBe('M. Paul Martin');
    expect(el.textContent).not.toContain('Mettre fin au mandat');
  });

  it('CONV-1: shows the postal address, and says a member without an e-mail address is convened by letter', async () => {
    await open('SECRETARIAT', member({ email: null, postalAddress: '12 rue Carnot\n86000 Poitiers' }));
    expect(el.querySelector('a[href^="mailto:"]')).toBeNull();
    expect(el.textContent).toContain('Aucune : les convocations sont envoyées par courrier');
    expect(el.textContent).toContain('Adresse postale');
    expect(el.textContent).toContain('12 rue Carnot\n86000 Poitiers');
  });

  it('COMP-4: shows the association the member represents, with a link to it', async () => {
    await open(
      'SECRETARIAT',
      member({
        associationId: '22222222-2222-4222-8222-222222222222',
        associationName: 'Association Le Nid',
      }),
    );
    const link = q<HTMLAnchorElement>(el, 'a[href="/associations/22222222-2222-4222-8222-222222222222"]');
    expect(link.textContent).toBe('Association Le Nid');
    expect(el.textContent).toContain('Ne vote pas sur les dossiers de cette association (COMP-4).');
  });

  it('lets the secretariat end the mandate with a date and a reason', async () => {
    await open('SECRETARIAT', member());
    const toggle = byText<HTMLButtonElement>(el, 'button', 'Mettre fin au mandat');
    toggle.click();
    await settle();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const date = q<HTMLInputElement>(el, '#endDate');
    date.value = '2026-06-30';
    date.dispatchEvent(new Event('input'));
    const reason = q<HTMLTextAreaElement>(el, '#reason');
    reason.value = ' Démission ';
    reason.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>(el, '#fin-mandat button[type=submit]').click();
    const req = http.expectOne({ method: 'POST', url: `/api/members/${ID}/end` });
    expect(req.request.body).toEqual({ endDate: '2026-06-30', reason: 'Démission' });
    req.flush(member({ active: false, endedAt: '2026-06-30', endReason: 'Démission' }));
    await settle();
    expect(el.querySelector('[role=status]')?.textContent).toContain(
      'Le mandat de Mme Claire Dubois a pris fin.',
    );
    expect(el.textContent).toContain('Mandat terminé');
    expect(el.textContent).toContain('30 juin 2026');
    expect(el.querySelector('#fin-mandat')).toBeNull();
  });

  it('requires a reason to end a mandate', async () => {
    await open('SECRETARIAT', member());
    byText<HTMLButtonElement>(el, 'button', 'Mettre fin au mandat').click();
    await settle();
    q<HTMLButtonElement>(el, '#fin-mandat button[type=submit]').click();
    await settle();
    expect(el.querySelector('#reason-messages')?.textContent).toContain(
      'Le champ « Motif » est obligatoire.',
    );
    http.expectNone(`/api/members/${ID}/end`);
  });

  it('says so when the member does not exist', async () => {
    await signIn('PRESIDENT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/membres/${ID}`);
    http
      .expectOne(`/api/members/${ID}`)
      .flush({ statusCode: 404, message: 'Membre introuvable.' }, { status: 404, statusText: 'Not Found' });
    await settle();
    el = harness.routeNativeElement as HTMLElement;
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Membre introuvable.');
  });
});
