import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { association, CATEGORIES, member, page } from '../../testing/fixtures';
import { q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { FlashService } from '../core/flash.service';
import { MemberFormPage } from './member-form.page';

@Component({ template: 'detail' })
class DetailPage {}

describe('MemberFormPage', () => {
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    http = setUpPageTest([
      { path: 'membres/nouveau', component: MemberFormPage },
      { path: 'membres/:id/modifier', component: MemberFormPage },
      { path: 'membres/:id', component: DetailPage },
    ]);
    await signIn('SECRETARIAT');
  });

  afterEach(() => http.verify());

  async function open(url: string, titulaires = [member()]): Promise<void> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    http.expectOne('/api/registry/member-categories').flush(CATEGORIES);
    http
      .expectOne((r) => r.url === '/api/members' && r.params.get('pageSize') === '100')
      .flush(page(titulaires));
    http.expectOne((r) => r.url === '/api/associations').flush(page([association()]));
    await settle();
    el = harness.routeNativeElement as HTMLElement;
  }

  function set(selector: string, value: string): void {
    const input = q<HTMLInputElement | HTMLSelectElement>(el, selector);
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  }

  function click(selector: string): void {
    q<HTMLElement>(el, selector).click();
  }

  function fillRequiredFields(): void {
    click('#civility-1');
    set('#firstName', 'Paul');
    set('#lastName', 'Martin');
    set('#email', 'paul.martin@example.fr');
    set('#categoryCode', 'ETAT');
    set('#organisation', 'DDETS de la Gironde');
    set('#function', 'Adjoint');
    set('#appointmentKind', 'EX_OFFICIO');
    set('#appointingOrderRef', 'AP 2026-002');
    set('#termStart', '2026-02-01');
  }

  it('lists every required field in error when submitted empty', async () => {
    await open('/membres/nouveau');
    click('button[type=submit]');
    await settle();
    expect(el.querySelectorAll('.fr-message--error').length).toBeGreaterThanOrEqual(8);
    expect(el.textContent).toContain('Le champ « Prénom » est obligatoire.');
    http.expectNone((r) => r.method === 'POST');
  });

  it('creates a member with every field of CreateMemberDto and opens its record', async () => {
    await open('/membres/nouveau');
    fillRequiredFields();
    set('#phone', '05 56 00 00 00');
    click('#seat-1');
    await settle();
    set('#titulaireId', '11111111-1111-4111-8111-111111111111');
    click('button[type=submit]');
    const req = http.expectOne({ method: 'POST', url: '/api/members' });
    expect(req.request.body).toEqual({
      civility: 'M',
      firstName: 'Paul',
      lastName: 'Martin',
      categoryCode: 'ETAT',
      organisation: 'DDETS de la Gironde',
      function: 'Adjoint',
      email: 'paul.martin@example.fr',
      postalAddress: null,
      phone: '05 56 00 00 00',
      appointingOrderRef: 'AP 2026-002',
      termStart: '2026-02-01',
      termEnd: null,
      votingRight: true,
      seat: 'SUPPLEANT',
      appointmentKind: 'EX_OFFICIO',
      titulaireId: '11111111-1111-4111-8111-111111111111',
      excludedFromPsp: false,
      associationId: null,
    });
    req.flush(member({ id: 'new-id', firstName: 'Paul', lastName: 'Martin', civility: 'M' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/membres/new-id');
    expect(TestBed.inject(FlashService).message()?.text).toBe(
      'M. Paul Martin a été ajouté(e) à la commission.',
    );
  });

  it('CONV-1: creates a member without an e-mail address, with a postal address (sent as null / lines kept)', async () => {
    await open('/membres/nouveau');
    fillRequiredFields();
    set('#email', '');
    set('#postalAddress', '12 rue Carnot\n86000 Poitiers');
    expect(q(el, '#email').getAttribute('aria-required')).not.toBe('true');
    expect(el.textContent).toContain(
      'Sans adresse électronique, les convocations sont envoyées par courrier (lettre à imprimer depuis la séance).',
    );
    expect(q(el, 'label[for=postalAddress]').textContent).toContain('Adresse postale');
    click('button[type=submit]');
    const req = http.expectOne({ method: 'POST', url: '/api/members' });
    expect(req.request.body).toMatchObject({ email: null, postalAddress: '12 rue Carnot\n86000 Poitiers' });
    req.flush(member({ id: 'new-id', email: null, postalAddress: '12 rue Carnot\n86000 Poitiers' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/membres/new-id');
  });

  it('proposes the COMP-3 exclusion of the chosen category', async () => {
    await open('/membres/nouveau');
    set('#categoryCode', 'JUSTICE');
    await settle();
    expect(q<HTMLInputElement>(el, '#excludedFromPsp').checked).toBe(true);
    set('#categoryCode', 'ETAT');
    await settle();
    expect(q<HTMLInputElement>(el, '#excludedFromPsp').checked).toBe(false);
  });

  it('warns when the substitution breaks MEMB-1', async () => {
    await open('/membres/nouveau', [member({ appointmentKind: 'QUALIFIED_PERSON' })]);
    fillRequiredFields();
    click('#seat-1');
    await settle();
    set('#titulaireId', '11111111-1111-4111-8111-111111111111');
    await settle();
    expect(el.textContent).toContain('Une personnalité qualifiée ne peut pas être suppléée (MEMB-1).');
  });

  it('shows the field errors returned by the API next to the fields', async () => {
    await open('/membres/nouveau');
    fillRequiredFields();
    click('button[type=submit]');
    http.expectOne({ method: 'POST', url: '/api/members' }).flush(
      {
        statusCode: 400,
        message: 'Le formulaire contient des erreurs.',
        errors: [{ field: 'email', message: 'Un membre utilise déjà cette adresse électronique.' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Le formulaire contient des erreurs.');
    expect(el.querySelector('#email-messages')?.textContent).toContain(
      'Un membre utilise déjà cette adresse électronique.',
    );
    expect(q(el, '#email').getAttribute('aria-invalid')).toBe('true');
  });

  it('loads the member to edit and saves it with PUT', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres/11111111-1111-4111-8111-111111111111/modifier');
    http.expectOne('/api/registry/member-categories').flush(CATEGORIES);
    http.expectOne((r) => r.url === '/api/members' && r.params.get('pageSize') === '100').flush(page([]));
    http.expectOne((r) => r.url === '/api/associations').flush(page([association()]));
    http.expectOne('/api/members/11111111-1111-4111-8111-111111111111').flush(member());
    await settle();
    el = harness.routeNativeElement as HTMLElement;
    expect(q<HTMLInputElement>(el, '#lastName').value).toBe('Dubois');
    set('#function', 'Directrice adjointe');
    click('button[type=submit]');
    const req = http.expectOne({ method: 'PUT', url: '/api/members/11111111-1111-4111-8111-111111111111' });
    expect(req.request.body.function).toBe('Directrice adjointe');
    req.flush(member({ function: 'Directrice adjointe' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/membres/11111111-1111-4111-8111-111111111111');
  });

  it('COMP-4: sends the association the member represents, and shows its refusal by the API', async () => {
    await open('/membres/nouveau');
    fillRequiredFields();
    set('#associationId', association().id);
    click('button[type=submit]');
    const req = http.expectOne({ method: 'POST', url: '/api/members' });
    expect(req.request.body.associationId).toBe(association().id);
    const message = "L'association représentée est introuvable dans ce département.";
    req.flush(
      { statusCode: 400, message, errors: [{ field: 'associationId', message }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(el.querySelector('#associationId-messages')?.textContent).toContain(message);
  });
});
