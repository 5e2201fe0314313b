import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { convertToParamMap, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PathwayDto, Role } from '@cdlp/shared';
import { page, pathway, pspRequest } from '../../testing/fixtures';
import { byText, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { PathwayDetailPage } from './pathway-detail.page';
import { endsInText, formatEuros } from './pathway-labels';
import { parsePathwayListQuery, PathwayListPage } from './pathway-list.page';

const ID = pathway().id;

function fill(el: ParentNode, selector: string, value: string, event = 'input'): void {
  const input = q<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(event));
}

describe('pathways', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'parcours', component: PathwayListPage },
      { path: 'parcours/:id', component: PathwayDetailPage },
      { path: 'demandes/:id', component: PathwayListPage },
    ]);
  });

  afterEach(() => http.verify());

  async function go(role: Role, url: string): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  async function detail(role: Role, dto: PathwayDto = pathway()): Promise<HTMLElement> {
    const el = await go(role, `/parcours/${ID}`);
    http.expectOne(`/api/pathways/${ID}`).flush(dto);
    await settle();
    return el;
  }

  it('lists the active pathways with the expiry filter and flags the periods ending soon', async () => {
    const el = await go('SECRETARIAT', '/parcours?expiringWithinDays=45');
    const req = http.expectOne((r) => r.url === '/api/pathways');
    expect(req.request.params.get('state')).toBe('ACTIVE');
    expect(req.request.params.get('expiringWithinDays')).toBe('45');
    req.flush(page([pathway(), pathway({ id: 'p2', reference: 'PSP-33-2025-0099', daysToPeriodEnd: 120 })]));
    await settle();
    const rows = el.querySelectorAll('tbody tr');
    expect(rows[0].querySelector('.fr-badge--warning')?.textContent?.trim()).toBe(
      'fin de période dans 40 jours',
    );
    expect(rows[0].textContent).toContain('18 mois sur 24');
    expect(rows[1].querySelector('.fr-badge--warning')).toBeNull();
  });

  it('filters on ended pathways through the address', async () => {
    const el = await go('ASSOCIATION', '/parcours');
    http.expectOne((r) => r.url === '/api/pathways').flush(page([]));
    await settle();
    expect([...el.querySelectorAll('th')].map((t) => t.textContent)).not.toContain('Association');
    fill(el, '#state', 'ENDED', 'change');
    q<HTMLButtonElement>(el, 'form[role=search] button').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/parcours?state=ENDED');
    http.expectOne((r) => r.url === '/api/pathways' && r.params.get('state') === 'ENDED').flush(page([]));
  });

  it('shows the periods, the months against the 24-month limit, the AFIS amount and the APS status', async () => {
    const el = await detail('PRESIDENT');
    expect(el.querySelector('h1')?.textContent).toBe('Parcours PSP-33-2025-0010');
    expect(el.textContent).toContain('18 mois sur 24');
    expect(el.textContent).toContain('6 mois avant la durée maximale');
    expect(q(el, 'meter').getAttribute('max')).toBe('24');
    expect(el.querySelectorAll('#table-periodes tbody tr')).toHaveLength(3);
    expect(el.textContent).toContain('Renouvellement 2');
    expect(el.textContent?.replace(/\s/g, ' ')).toContain('449,28 € par mois');
    expect(el.textContent).toContain('APS délivrée');
    // The president reads; neither renewal form nor end of pathway.
    expect(el.querySelector('#progressReport')).toBeNull();
    expect(el.textContent).not.toContain('Mettre fin au parcours');
  });

  it('lets the association update the APS status of a foreign person (APS-1)', async () => {
    const el = await detail('ASSOCIATION');
    fill(el, '#permitStatus', 'RENEWED', 'change');
    fill(el, '#permitValidUntil', '2027-01-31');
    byText<HTMLButtonElement>(el, 'button', "Enregistrer le statut de l'APS").click();
    const req = http.expectOne({ method: 'PUT', url: `/api/pathways/${ID}/residence-permit` });
    expect(req.request.body).toEqual({ status: 'RENEWED', validUntil: '2027-01-31' });
    req.flush(pathway({ residencePermitStatus: 'RENEWED', residencePermitValidUntil: '2027-01-31' }));
    await settle();
    expect(el.textContent).toContain('APS renouvelée');
  });

  it('asks for the renewal with the progress report, then goes to the new request (PSP-7)', async () => {
    const el = await detail('ASSOCIATION');
    byText<HTMLButtonElement>(el, 'button', 'Demander le renouvellement').click();
    await settle();
    expect(el.querySelector('#progressReport-messages')?.textContent).toContain('obligatoire');
    fill(el, '#progressReport', 'Engagements tenus, formation en cours.');
    byText<HTMLButtonElement>(el, 'button', 'Demander le renouvellement').click();
    const req = http.expectOne({ method: 'POST', url: `/api/pathways/${ID}/renewals` });
    expect(req.request.body).toEqual({
      dossier: { progressReport: 'Engagements tenus, formation en cours.' },
    });
    req.flush(pspRequest({ id: 'renewal-1', kind: 'RENEWAL', state: 'DRAFT' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/demandes/renewal-1');
    http.match(() => true).forEach((r) => r.flush(page([])));
  });

  it('explains why a pathway at its 24-month limit cannot be renewed (PSP-6)', async () => {
    const el = await detail(
      'ASSOCIATION',
      pathway({
        totalMonths: 24,
        remainingMonths: 0,
        canRenew: false,
        renewalBlockedReason: 'Renouvellement impossible : le parcours atteindrait 30 mois (PSP-6).',
      }),
    );
    expect(el.textContent).toContain('Renouvellement impossible : le parcours atteindrait 30 mois (PSP-6).');
    expect(el.querySelector('#progressReport')).toBeNull();
  });

  it('lets the secretariat end the pathway with a reason and an effective date (PSP-8)', async () => {
    const el = await detail('SECRETARIAT');
    byText<HTMLButtonElement>(el, 'button', 'Mettre fin au parcours').click();
    await settle();
    fill(el, '#endReason', 'WITHDRAWN_BY_PERSON', 'change');
    fill(el, '#effectiveDate', '2026-03-31');
    fill(el, '#endComment', 'Départ de la personne.');
    byText<HTMLButtonElement>(el, 'button', 'Confirmer la fin du parcours').click();
    const req = http.expectOne({ method: 'POST', url: `/api/pathways/${ID}/end` });
    expect(req.request.body).toEqual({
      reason: 'WITHDRAWN_BY_PERSON',
      effectiveDate: '2026-03-31',
      comment: 'Départ de la personne.',
    });
    req.flush(
      pathway({
        state: 'ENDED',
        endReason: 'WITHDRAWN_BY_PERSON',
        endEffectiveDate: '2026-03-31',
        endComment: 'Départ de la personne.',
      }),
    );
    await settle();
    expect(el.textContent).toContain('Le parcours PSP-33-2025-0010 a pris fin.');
    expect(el.textContent).toContain('Sortie à la demande de la personne');
    expect(el.textContent).not.toContain('Mettre fin au parcours');
  });
});

describe('pathway labels', () => {
  it('reads the query and words the deadlines in French', () => {
    expect(parsePathwayListQuery(convertToParamMap({ state: 'all', expiringWithinDays: '999' }))).toEqual({
      state: 'all',
      expiringWithinDays: null,
      page: 1,
    });
    expect(endsInText(1)).toBe('fin de période dans 1 jour');
    expect(endsInText(-3)).toBe('période échue depuis 3 jours');
    expect(formatEuros(343.2).replace(/\s/g, ' ')).toBe('343,20 €');
  });
});
