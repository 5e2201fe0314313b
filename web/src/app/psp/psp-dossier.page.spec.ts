import { HttpEventType } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PspRequestDto, Role } from '@cdlp/shared';
import { CHECKLIST, pspRequest, REQUEST_ID } from '../../testing/fixtures';
import { byText, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { PspDossierPage } from './psp-dossier.page';

function pickFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
}

function fill(el: ParentNode, selector: string, value: string, event = 'input'): void {
  const input = q<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(event));
}

describe('PspDossierPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([{ path: 'demandes/:id', component: PspDossierPage }]);
  });

  afterEach(() => http.verify());

  async function open(role: Role, dto: PspRequestDto = pspRequest()): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/demandes/${REQUEST_ID}`);
    http.expectOne(`/api/psp-requests/${REQUEST_ID}`).flush(dto);
    http
      .expectOne((r) => r.url === '/api/psp-checklist' && r.params.get('kind') === 'INITIAL')
      .flush(CHECKLIST);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  it('shows the checklist with each status and its French message; a complaint is never required (PSP-3b)', async () => {
    const el = await open('ASSOCIATION');
    expect(el.querySelector('h1')?.textContent).toBe('Demande PSP-33-2026-0001');
    expect(document.title).toBe('Demande PSP-33-2026-0001 - Portail CDLP');
    expect(q(el, '#etat-demande').textContent).toContain('Incomplète');
    const missing = q(el, '#piece-ATTESTATION_ARRET');
    expect(missing.querySelector('.fr-badge')?.textContent).toBe('Manquante');
    expect(missing.textContent).toContain("Pièce manquante : Attestation sur l'honneur");
    expect(missing.querySelector('#fichier-ATTESTATION_ARRET')).not.toBeNull();
    const nationality = q(el, '#piece-NATIONALITE');
    expect(nationality.querySelector('.fr-badge')?.textContent).toBe('Fournie');
    expect(nationality.textContent).toContain('Passeport');
    expect(nationality.textContent).toContain('Autre possibilité : plusieurs documents concordants');
    expect(nationality.querySelector('a[download]')?.getAttribute('href')).toBe(
      `/api/psp-requests/${REQUEST_ID}/documents/d1/content`,
    );
    const complaint = q(el, '#piece-PLAINTE');
    expect(complaint.querySelector('.fr-badge')?.textContent).toBe('Facultative');
    expect(complaint.textContent).toContain("Une plainte n'est jamais exigée");
    expect(q(el, '#completude').textContent).toContain('1 pièce ou information à fournir');
    // Identity, for the roles that receive it.
    expect(el.textContent).toContain('Okafor Joy');
    expect(el.textContent).toContain('Hébergement d');
  });

  it('offers only the actions the state machine allows', async () => {
    const el = await open('ASSOCIATION');
    const labels = [...el.querySelectorAll('.fr-btns-group .fr-btn')].map((b) => b.textContent?.trim());
    expect(labels).toEqual(['Modifier le dossier', 'Retirer la demande']);

    const decided = await openAgain('ASSOCIATION', pspRequest({ state: 'DECIDED', allowedActions: [] }));
    expect(decided.querySelector('.fr-btns-group')).toBeNull();
    expect(decided.querySelector('#fichier-ATTESTATION_ARRET')).toBeNull();
  });

  async function openAgain(role: Role, dto: PspRequestDto): Promise<HTMLElement> {
    TestBed.resetTestingModule();
    http = setUpPageTest([{ path: 'demandes/:id', component: PspDossierPage }]);
    return open(role, dto);
  }

  it('uploads a missing piece with its progress; the request becomes complete', async () => {
    const el = await open('ASSOCIATION');
    const item = q(el, '#piece-ATTESTATION_ARRET');
    pickFile(
      q<HTMLInputElement>(item, 'input[type=file]'),
      new File(['%PDF-1.4'], 'attestation.pdf', { type: 'application/pdf' }),
    );
    byText<HTMLButtonElement>(item, 'button', 'Envoyer la pièce').click();
    await settle();
    const req = http.expectOne(`/api/psp-requests/${REQUEST_ID}/documents`);
    expect((req.request.body as FormData).get('itemCode')).toBe('ATTESTATION_ARRET');
    req.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 100 });
    await settle();
    expect(item.querySelector('progress')?.getAttribute('value')).toBe('50');
    expect(item.textContent).toContain('Envoi du fichier : 50 %');
    // The shared progress indicator: labelled, with its text announced politely (by quarters).
    const bar = q(item, 'cdlp-progress progress');
    expect(q(item, '#' + (bar.getAttribute('aria-labelledby') ?? '')).textContent).toContain(
      'Envoi du fichier : 50 %',
    );
    expect(q(item, 'cdlp-progress [aria-live=polite]').textContent).toContain(
      'attestation.pdf : 50 % envoyés',
    );
    const complete = pspRequest({
      state: 'COMPLETE',
      completedAt: '2026-03-02T10:00:00Z',
      daysWaiting: 0,
      completeness: {
        ...pspRequest().completeness,
        complete: true,
        items: pspRequest().completeness.items.map((i) =>
          i.code === 'ATTESTATION_ARRET' ? { ...i, status: 'PRESENT', message: null } : i,
        ),
      },
    });
    req.flush(complete);
    await settle();
    expect(q(el, '#etat-demande').textContent).toContain('Complète');
    expect(el.querySelector('[role=status]')?.textContent).toContain(
      'la demande PSP-33-2026-0001 est désormais complète',
    );
    expect(q(el, '#completude').textContent).toContain('Toutes les pièces requises sont fournies');
  });

  it('asks for the type of identity document before sending anything (PSP-3)', async () => {
    const el = await open('ASSOCIATION');
    const item = q(el, '#piece-NATIONALITE');
    byText<HTMLButtonElement>(item, 'button', 'Ajouter un document').click();
    await settle();
    pickFile(
      q<HTMLInputElement>(item, 'input[type=file]'),
      new File(['x'], 'carte.png', { type: 'image/png' }),
    );
    byText<HTMLButtonElement>(item, 'button', 'Envoyer la pièce').click();
    await settle();
    expect(item.querySelector('#type-NATIONALITE-messages')?.textContent).toContain(
      'Précisez le type de document.',
    );
    http.expectNone(`/api/psp-requests/${REQUEST_ID}/documents`);
    pickFile(
      q<HTMLInputElement>(item, 'input[type=file]'),
      new File(['x'], 'notes.txt', { type: 'text/plain' }),
    );
    await settle();
    expect(item.textContent).toContain('Format refusé');
  });

  it('withdraws the request with a reason', async () => {
    const el = await open('ASSOCIATION');
    byText<HTMLButtonElement>(el, 'button', 'Retirer la demande').click();
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Confirmer le retrait').click();
    await settle();
    expect(el.querySelector('#withdrawReason-messages')?.textContent).toContain('obligatoire');
    fill(el, '#withdrawReason', 'La personne a quitté le département.');
    byText<HTMLButtonElement>(el, 'button', 'Confirmer le retrait').click();
    const req = http.expectOne(`/api/psp-requests/${REQUEST_ID}/withdraw`);
    expect(req.request.body).toEqual({ reason: 'La personne a quitté le département.' });
    req.flush(
      pspRequest({
        state: 'WITHDRAWN',
        allowedActions: [],
        withdrawnReason: 'La personne a quitté le département.',
      }),
    );
    await settle();
    expect(el.textContent).toContain('La demande PSP-33-2026-0001 a été retirée.');
    expect(el.textContent).toContain('Motif du retrait');
  });

  it('files a draft; the submission lists what is still missing', async () => {
    const el = await open(
      'ASSOCIATION',
      pspRequest({ state: 'DRAFT', submittedAt: null, allowedActions: ['SUBMIT', 'WITHDRAW'] }),
    );
    byText<HTMLButtonElement>(el, 'button', 'Déposer la demande').click();
    http.expectOne({ method: 'POST', url: `/api/psp-requests/${REQUEST_ID}/submit` }).flush(pspRequest());
    await settle();
    expect(el.textContent).toContain('Elle est incomplète : les pièces à fournir sont indiquées ci-dessous.');
    expect(q(el, '#etat-demande').textContent).toContain('Incomplète');
  });

  it('lets the secretariat accept several concordant documents, with a reason (PSP-3)', async () => {
    const el = await open('SECRETARIAT');
    const section = byText(el, 'section', 'Plusieurs documents concordants');
    q<HTMLLabelElement>(section, 'label[for=waiverAccepted-0]').click();
    q<HTMLInputElement>(section, '#waiverAccepted-0').dispatchEvent(new Event('change'));
    fill(section, '#waiverReason', 'Acte de naissance et attestation consulaire concordants.');
    byText<HTMLButtonElement>(section, 'button', 'Enregistrer la décision').click();
    const req = http.expectOne(`/api/psp-requests/${REQUEST_ID}/nationality-waiver`);
    expect(req.request.body).toEqual({
      accepted: true,
      reason: 'Acte de naissance et attestation consulaire concordants.',
    });
    req.flush(
      pspRequest({
        nationalityWaiver: { accepted: true, reason: 'Concordants', decidedAt: '2026-03-02T10:00:00Z' },
      }),
    );
    await settle();
    expect(el.textContent).toContain('documents concordants acceptés');
  });

  it('deletes a document after confirmation', async () => {
    const el = await open('ASSOCIATION');
    byText<HTMLButtonElement>(el, '#piece-NATIONALITE button', 'Supprimer').click();
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Confirmer la suppression de passeport.png').click();
    http
      .expectOne({ method: 'DELETE', url: `/api/psp-requests/${REQUEST_ID}/documents/d1` })
      .flush(pspRequest({ documents: [] }));
    await settle();
    expect(el.textContent).toContain('La pièce passeport.png a été supprimée.');
  });
});
