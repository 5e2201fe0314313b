import { Location } from '@angular/common';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@cdlp/shared';
import { association, page, pspRequest, REQUEST_ID } from '../../testing/fixtures';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { pspDossierForm, stepOfField, toDossier } from './psp-dossier-form';
import { AUTOSAVE_DELAY_MS, PspFormPage } from './psp-form.page';

function type(el: HTMLElement, selector: string, value: string): void {
  const input = q<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('PspFormPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest(
      [
        { path: 'demandes/nouvelle', component: PspFormPage },
        { path: 'demandes/:id/modifier', component: PspFormPage },
        { path: 'demandes/:id', component: PspFormPage },
      ],
      [{ provide: AUTOSAVE_DELAY_MS, useValue: 0 }],
    );
  });

  afterEach(() => http.verify());

  async function open(role: Role, url = '/demandes/nouvelle'): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  it('creates the draft on the first change, then saves each change with PUT (autosave)', async () => {
    const el = await open('ASSOCIATION');
    expect(el.querySelector('.cdlp-stepper__state')?.textContent).toBe('Étape 1 sur 5');
    type(el, '#lastName', 'Okafor');
    await settle();
    const create = http.expectOne({ method: 'POST', url: '/api/psp-requests' });
    expect(create.request.body).toEqual({ dossier: { lastName: 'Okafor', urgent: false } });
    create.flush(
      pspRequest({
        state: 'DRAFT',
        allowedActions: ['SUBMIT', 'WITHDRAW'],
        updatedAt: '2026-03-01T13:05:00Z',
      }),
    );
    await settle();
    expect(TestBed.inject(Location).path()).toBe(`/demandes/${REQUEST_ID}/modifier`);
    expect(el.querySelector('.cdlp-save-status')?.textContent).toContain('Brouillon enregistré à 14:05.');

    type(el, '#firstName', 'Joy');
    await settle();
    const update = http.expectOne({ method: 'PUT', url: `/api/psp-requests/${REQUEST_ID}` });
    expect(update.request.body).toEqual({ dossier: { lastName: 'Okafor', firstName: 'Joy', urgent: false } });
    update.flush(pspRequest({ state: 'DRAFT', allowedActions: ['SUBMIT', 'WITHDRAW'] }));
    await settle();
  });

  it('keeps the unsaved changes and offers to try again when a save fails', async () => {
    const el = await open('ASSOCIATION');
    type(el, '#lastName', 'Okafor');
    await settle();
    flushError(http.expectOne({ method: 'POST', url: '/api/psp-requests' }), 0, {});
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain(
      "Les dernières modifications n'ont pas été enregistrées",
    );
    byText<HTMLButtonElement>(el, 'button', "Réessayer l'enregistrement").click();
    await settle();
    http.expectOne({ method: 'POST', url: '/api/psp-requests' }).flush(pspRequest({ state: 'DRAFT' }));
    await settle();
    expect(el.querySelector('[role=alert]')).toBeNull();
  });

  it('asks the secretariat for the association before creating the draft', async () => {
    const el = await open('SECRETARIAT');
    http.expectOne((r) => r.url === '/api/associations').flush(page([association()]));
    await settle();
    type(el, '#lastName', 'Okafor');
    await settle();
    http.expectNone('/api/psp-requests');
    expect(el.querySelector('.cdlp-save-status')?.textContent).toContain("Choisissez l'association");
    const select = q<HTMLSelectElement>(el, '#associationId');
    select.value = association().id;
    select.dispatchEvent(new Event('change'));
    await settle();
    const create = http.expectOne({ method: 'POST', url: '/api/psp-requests' });
    expect(create.request.body.associationId).toBe(association().id);
    create.flush(pspRequest({ state: 'DRAFT' }));
    await settle();
    expect(el.querySelector('#associationId')).toBeNull();
  });

  it('moves through the five steps, focusing each step title, and checks formats before leaving a step', async () => {
    const el = await open('ASSOCIATION');
    const title = () => el.querySelector('#etape-titre')?.textContent?.replace(/\s+/g, ' ').trim();
    const next = () => byText<HTMLButtonElement>(el, 'button', 'Étape suivante').click();
    next();
    await settle();
    expect(title()).toBe('Étape 2 sur 5 Coordonnées');
    expect(document.activeElement?.id).toBe('etape-titre');
    type(el, '#email', 'pas-une-adresse');
    next();
    await settle();
    expect(title()).toContain('Coordonnées');
    expect(el.querySelector('#email-messages')?.textContent).toContain(
      "L'adresse électronique n'est pas valide",
    );
    type(el, '#email', 'joy@example.org');
    next();
    await settle();
    expect(title()).toContain('Situation');
    next();
    await settle();
    expect(title()).toContain('Projet de parcours');
    expect(el.querySelectorAll('fieldset.cdlp-pillar')).toHaveLength(8);
    next();
    await settle();
    expect(title()).toContain("Évaluation et avis de l'association");
    // What is still missing for the submission is listed, with a way back to its step.
    expect(el.textContent).toContain('Le nom de la personne est obligatoire.');
    byText<HTMLButtonElement>(el, 'button', "Aller à l'étape « Identité de la personne »").click();
    await settle();
    expect(title()).toContain('Identité de la personne');
    // Drafts created along the way.
    http.match(() => true).forEach((r) => r.flush(pspRequest({ state: 'DRAFT' })));
    await settle();
    http.match(() => true).forEach((r) => r.flush(pspRequest({ state: 'DRAFT' })));
  });

  it('files an existing draft and lists what the API refuses', async () => {
    const el = await open('ASSOCIATION', `/demandes/${REQUEST_ID}/modifier`);
    http.expectOne(`/api/psp-requests/${REQUEST_ID}`).flush(
      pspRequest({
        state: 'DRAFT',
        allowedActions: ['SUBMIT', 'WITHDRAW'],
        dossier: { lastName: 'Okafor' },
      }),
    );
    await settle();
    expect(q<HTMLInputElement>(el, '#lastName').value).toBe('Okafor');
    for (let i = 0; i < 4; i++) {
      byText<HTMLButtonElement>(el, 'button', 'Étape suivante').click();
      await settle();
    }
    byText<HTMLButtonElement>(el, 'button', 'Déposer la demande').click();
    await settle();
    flushError(http.expectOne({ method: 'POST', url: `/api/psp-requests/${REQUEST_ID}/submit` }), 400, {
      statusCode: 400,
      message: 'Le formulaire contient des erreurs.',
      errors: [
        { field: 'dossier.firstName', message: 'Le prénom de la personne est obligatoire.' },
        { field: 'dossier.evaluation', message: "L'évaluation de l'association est obligatoire." },
      ],
    });
    await settle();
    const alert = q(el, '[role=alert]');
    expect(alert.textContent).toContain("La demande n'a pas pu être déposée");
    expect(alert.textContent).toContain('Le prénom de la personne est obligatoire.');
    expect(el.querySelector('#evaluation-messages')?.textContent).toContain(
      "L'évaluation de l'association est obligatoire.",
    );
  });

  it('goes to the dossier once the draft is saved, to attach the pieces', async () => {
    const el = await open('ASSOCIATION', `/demandes/${REQUEST_ID}/modifier`);
    http.expectOne(`/api/psp-requests/${REQUEST_ID}`).flush(pspRequest({ state: 'DRAFT' }));
    await settle();
    for (let i = 0; i < 4; i++) {
      byText<HTMLButtonElement>(el, 'button', 'Étape suivante').click();
      await settle();
    }
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer et joindre les pièces').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/demandes/${REQUEST_ID}`);
    http.expectOne(`/api/psp-requests/${REQUEST_ID}`).flush(pspRequest());
  });

  it('does not let a request under examination be edited', async () => {
    const el = await open('ASSOCIATION', `/demandes/${REQUEST_ID}/modifier`);
    http.expectOne(`/api/psp-requests/${REQUEST_ID}`).flush(pspRequest({ state: 'ON_AGENDA' }));
    await settle();
    expect(el.textContent).toContain('Cette demande ne peut plus être modifiée');
    expect(el.querySelector('form')).toBeNull();
  });
});

describe('PSP dossier form', () => {
  it('turns the form into a dossier: booleans, numbers, filled pillars only', () => {
    const form = pspDossierForm();
    form.patchValue({
      lastName: ' Okafor ',
      foreigner: 'false',
      childrenCount: '2',
      associationOpinion: 'FAVOURABLE',
    });
    form.controls.plan.controls.LOGEMENT.patchValue({ plannedActions: 'SIAO', commitments: '' });
    expect(toDossier(form)).toEqual({
      lastName: 'Okafor',
      foreigner: false,
      childrenCount: 2,
      associationOpinion: 'FAVOURABLE',
      supportPlan: [{ pillar: 'LOGEMENT', plannedActions: 'SIAO', commitments: '' }],
      urgent: false,
    });
  });

  it('knows the step of each field named by the API', () => {
    expect(stepOfField('dossier.lastName')).toBe(0);
    expect(stepOfField('dossier.housing')).toBe(2);
    expect(stepOfField('dossier.supportPlan')).toBe(3);
    expect(stepOfField('dossier.progressReport')).toBe(4);
  });
});
