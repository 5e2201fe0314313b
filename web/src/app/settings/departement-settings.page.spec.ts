import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SigningCertificateDto } from '@cdlp/shared';
import { byText, flushError, q, settle, setUpPageTest, signIn } from '../../testing/test-helpers';
import { certificateFileError, DepartementSettingsPage } from './departement-settings.page';

const DEMO_CERT: SigningCertificateDto = {
  source: 'DEMO',
  subject: 'Prefecture 86 Vienne - certificat de demonstration',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2031-01-01T00:00:00.000Z',
  uploadedAt: null,
  uploadedByName: null,
};
const OWN_CERT: SigningCertificateDto = {
  source: 'DEPARTEMENT',
  subject: 'Jean Préfet',
  validFrom: '2026-02-01T00:00:00.000Z',
  validTo: '2029-02-01T00:00:00.000Z',
  uploadedAt: '2026-12-07T01:00:00.000Z',
  uploadedByName: 'Alex Admin',
};

describe('DepartementSettingsPage (TENANT-1, SIG-1)', () => {
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    http = setUpPageTest([{ path: 'administration/departement', component: DepartementSettingsPage }]);
    await signIn('ADMIN');
  });

  afterEach(() => http.verify());

  async function open(cert: SigningCertificateDto = DEMO_CERT): Promise<void> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/administration/departement');
    http.expectOne('/api/departement-settings/mail-sender').flush({ mailSenderName: 'CDLP de la Vienne' });
    http.expectOne({ method: 'GET', url: '/api/departement-settings/signing-certificate' }).flush(cert);
    await settle();
    el = harness.routeNativeElement as HTMLElement;
  }

  function pickFile(file: File): void {
    const input = q<HTMLInputElement>(el, '#file');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  it('checks the chosen file before sending it', () => {
    expect(certificateFileError(null)).toContain('Choisissez');
    expect(certificateFileError(new File(['x'], 'cert.pdf'))).toContain('PKCS#12');
    expect(certificateFileError(new File([], 'cert.p12'))).toBe('Le fichier est vide.');
    expect(certificateFileError(new File(['x'], 'cert.PFX'))).toBeNull();
  });

  it('TENANT-1: shows and changes the sender name of the département’s e-mails', async () => {
    await open();
    const input = q<HTMLInputElement>(el, '#mailSenderName');
    expect(input.value).toBe('CDLP de la Vienne');
    input.value = 'CDLP 86 - Préfecture de la Vienne';
    input.dispatchEvent(new Event('input'));
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer le nom').click();
    const req = http.expectOne({ method: 'PUT', url: '/api/departement-settings/mail-sender' });
    expect(req.request.body).toEqual({ mailSenderName: 'CDLP 86 - Préfecture de la Vienne' });
    req.flush({ mailSenderName: 'CDLP 86 - Préfecture de la Vienne' });
    await settle();
    expect(el.textContent).toContain('au nom de « CDLP 86 - Préfecture de la Vienne »');
  });

  it('SIG-1: shows the certificate in use, uploads the préfet’s PKCS#12 with its password, and shows a refusal on the field', async () => {
    await open();
    expect(q(el, '#certificate-details').textContent).toContain('Certificat de démonstration');
    expect(el.textContent).not.toContain('Retirer le certificat du département');

    byText<HTMLButtonElement>(el, 'button', 'Téléverser le certificat').click();
    await settle();
    expect(q(el, '#file-messages').textContent).toContain('Choisissez le fichier PKCS#12');
    http.expectNone({ method: 'PUT', url: '/api/departement-settings/signing-certificate' });

    pickFile(new File(['p12'], 'prefet.p12', { type: 'application/x-pkcs12' }));
    const password = q<HTMLInputElement>(el, '#password');
    password.value = 'secret';
    password.dispatchEvent(new Event('input'));
    byText<HTMLButtonElement>(el, 'button', 'Téléverser le certificat').click();
    let req = http.expectOne({ method: 'PUT', url: '/api/departement-settings/signing-certificate' });
    const body = req.request.body as FormData;
    expect((body.get('file') as File).name).toBe('prefet.p12');
    expect(body.get('password')).toBe('secret');
    const message = 'Mot de passe incorrect, ou fichier PKCS#12 illisible.';
    flushError(req, 400, { statusCode: 400, message, errors: [{ field: 'password', message }] });
    await settle();
    expect(q(el, '#password-messages').textContent).toContain(message);

    byText<HTMLButtonElement>(el, 'button', 'Téléverser le certificat').click();
    req = http.expectOne({ method: 'PUT', url: '/api/departement-settings/signing-certificate' });
    req.flush(OWN_CERT);
    await settle();
    expect(q(el, '#certificate-details').textContent).toContain('Jean Préfet');
    expect(q(el, '#certificate-details').textContent).toContain('Alex Admin');
    expect(el.textContent).toContain('Le certificat du préfet a été enregistré');
  }, 20_000);

  it('SIG-1: removes the département’s certificate and goes back to the one the API names', async () => {
    await open(OWN_CERT);
    byText<HTMLButtonElement>(el, 'button', 'Retirer le certificat du département').click();
    http
      .expectOne({ method: 'DELETE', url: '/api/departement-settings/signing-certificate' })
      .flush(DEMO_CERT);
    await settle();
    expect(el.textContent).toContain('Le certificat du département a été retiré.');
    expect(q(el, '#certificate-details').textContent).toContain('Certificat de démonstration');
  });
});
