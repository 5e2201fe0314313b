import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { VerificationResultDto } from '@cdlp/shared';
import { byText, flushError, q, settle, signIn } from '../../testing/test-helpers';
import { VerificationPage } from './verification.page';

const DOCUMENT = {
  id: 'doc-1',
  kind: 'MINUTES' as const,
  subjectId: 's1',
  version: 1,
  title: 'Procès-verbal de la séance n° 2026-04',
  sha256: 'c'.repeat(64),
  signerName: 'Claire Morvan',
  signerQuality: 'Préfète',
  signedAt: '2026-03-11T09:00:00Z',
  supersededBy: null,
  size: 1000,
};

describe('VerificationPage', () => {
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'verification', component: VerificationPage }])],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('MEMBER');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/verification');
    el = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  function choose(content: string): void {
    const input = q<HTMLInputElement>(el, '#document-pdf');
    const file = new File([content], 'pv.pdf', { type: 'application/pdf' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  async function verify(result: VerificationResultDto): Promise<void> {
    choose('%PDF-1.7');
    byText<HTMLButtonElement>(el, 'button', 'Vérifier le document').click();
    const req = http.expectOne({ method: 'POST', url: '/api/documents/verify' });
    expect((req.request.body as FormData).get('file')).toBeInstanceOf(File);
    req.flush(result);
    await settle();
  }

  it('asks for a file first', async () => {
    byText<HTMLButtonElement>(el, 'button', 'Vérifier le document').click();
    await settle();
    expect(q(el, '#document-pdf-messages').textContent).toContain('Choisissez le fichier PDF à vérifier.');
    expect(q(el, '#document-pdf').getAttribute('aria-invalid')).toBe('true');
    http.expectNone('/api/documents/verify');
  });

  it('says a genuine document is authentic and names it', async () => {
    await verify({ status: 'GENUINE', message: 'Document authentique et non modifié.', document: DOCUMENT, sha256: 'c'.repeat(64) });
    const alert = q(el, '#resultat .fr-alert');
    expect(alert.classList).toContain('fr-alert--success');
    expect(alert.textContent).toContain('Document authentique');
    expect(el.textContent).toContain('Procès-verbal de la séance n° 2026-04');
    expect(el.textContent).toContain('Claire Morvan, Préfète');
    expect(el.textContent).toContain('pv.pdf');
    expect(document.activeElement?.id).toBe('resultat-titre');
  });

  it('says an altered document is altered, as an alert', async () => {
    await verify({ status: 'ALTERED', message: 'Document ALTÉRÉ : il a été modifié après la signature.', document: DOCUMENT, sha256: 'd'.repeat(64) });
    const alert = q(el, '#resultat .fr-alert');
    expect(alert.classList).toContain('fr-alert--error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('Document altéré');
    expect(el.textContent).toContain('d'.repeat(64));
  });

  it('says an unknown document is unknown', async () => {
    await verify({ status: 'UNKNOWN', message: "Ce fichier n'est pas un document signé par le portail.", document: null, sha256: 'e'.repeat(64) });
    const alert = q(el, '#resultat .fr-alert');
    expect(alert.classList).toContain('fr-alert--warning');
    expect(alert.textContent).toContain('Document inconnu');
    expect(el.textContent).not.toContain('Signataire');
  });

  it('shows the API error', async () => {
    choose('%PDF');
    byText<HTMLButtonElement>(el, 'button', 'Vérifier le document').click();
    flushError(http.expectOne('/api/documents/verify'), 400, {
      statusCode: 400,
      message: 'Joignez le fichier PDF à vérifier.',
      errors: [{ field: 'file', message: 'Fichier manquant.' }],
    });
    await settle();
    expect(q(el, '[role=alert]').textContent).toContain('Joignez le fichier PDF à vérifier.');
    expect(q(el, '#document-pdf-messages').textContent).toContain('Fichier manquant.');
  });
});
