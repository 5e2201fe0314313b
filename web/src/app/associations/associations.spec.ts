import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { association, page } from '../../testing/fixtures';
import { q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { approvalBadge } from './approval-badge';
import { AssociationFormPage, parseDepartementCodes } from './association-form.page';
import { AssociationListPage } from './association-list.page';

@Component({ template: 'detail' })
class DetailPage {}

describe('approvalBadge', () => {
  it('tells valid, expired, not yet in force and ended approvals apart', () => {
    expect(approvalBadge(association()).label).toBe('Valide');
    expect(
      approvalBadge(association({ approvalValidToday: false, approvalStart: '2020-01-01' }), '2026-01-01')
        .label,
    ).toBe('Expiré');
    expect(
      approvalBadge(association({ approvalValidToday: false, approvalStart: '2027-01-01' }), '2026-01-01')
        .label,
    ).toBe('Pas encore en vigueur');
    expect(approvalBadge(association({ active: false, endedAt: '2026-01-01' })).label).toBe(
      'Agrément terminé',
    );
  });
});

describe('parseDepartementCodes', () => {
  it('splits, upper-cases and deduplicates the codes', () => {
    expect(parseDepartementCodes('33, 24; 2a 33')).toEqual(['33', '24', '2A']);
    expect(parseDepartementCodes('  ')).toEqual([]);
  });
});

describe('association pages', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'associations', component: AssociationListPage },
      { path: 'associations/nouvelle', component: AssociationFormPage },
      { path: 'associations/:id', component: DetailPage },
    ]);
  });

  afterEach(() => http.verify());

  it('lists the associations with the validity of their approval', async () => {
    await signIn('PRESIDENT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/associations?status=all');
    const req = http.expectOne((r) => r.url === '/api/associations');
    expect(req.request.params.get('status')).toBe('all');
    req.flush(
      page([association(), association({ id: 'a2', name: 'Amicale du Nid', approvalValidToday: false })]),
    );
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    const badges = [...el.querySelectorAll('tbody .fr-badge')].map((b) => b.textContent?.trim());
    expect(badges).toEqual(['Valide', 'Expiré']);
    expect(el.querySelector('a[href="/associations/nouvelle"]')).toBeNull();
  });

  it('creates an association, computing the end of the approval (PSP-2)', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/associations/nouvelle');
    const el = harness.routeNativeElement as HTMLElement;
    const set = (sel: string, value: string) => {
      const input = q<HTMLInputElement>(el, sel);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    expect(q<HTMLInputElement>(el, '#departementCodes').value).toBe('33');
    set('#name', 'Association Le Nid');
    set('#email', 'contact@lenid.example.org');
    set('#approvalOrderRef', 'AP 2026-010');
    set('#approvalStart', '2026-03-01');
    set('#departementCodes', '33, 24');
    await settle();
    expect(el.textContent).toContain("jusqu'au 28 février 2029 inclus");
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/associations' });
    expect(req.request.body).toEqual({
      name: 'Association Le Nid',
      email: 'contact@lenid.example.org',
      phone: null,
      address: null,
      approvalOrderRef: 'AP 2026-010',
      approvalStart: '2026-03-01',
      departementCodes: ['33', '24'],
    });
    req.flush(association({ id: 'new-assoc' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/associations/new-assoc');
  });

  it('rejects an invalid département code before calling the API', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/associations/nouvelle');
    const el = harness.routeNativeElement as HTMLElement;
    const input = q<HTMLInputElement>(el, '#departementCodes');
    input.value = '33, 999';
    input.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle();
    expect(el.querySelector('#departementCodes-messages')?.textContent).toContain(
      'Le code de département « 999 » est invalide.',
    );
    http.expectNone('/api/associations');
  });
});
