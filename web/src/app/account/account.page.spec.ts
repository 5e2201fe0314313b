import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SessionDto } from '@cdlp/shared';
import { q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { AccountPage, describeUserAgent } from './account.page';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
const SESSIONS: SessionDto[] = [
  {
    id: 's1',
    createdAt: '2026-03-02T08:00:00Z',
    lastSeenAt: '2026-03-02T09:30:00Z',
    userAgent: CHROME,
    current: true,
  },
  {
    id: 's2',
    createdAt: '2026-02-01T15:00:00Z',
    lastSeenAt: '2026-02-01T15:10:00Z',
    userAgent: null,
    current: false,
  },
];

describe('AccountPage', () => {
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    http = setUpPageTest([{ path: 'mon-compte', component: AccountPage }]);
    await signIn('ASSOCIATION', { associationName: 'Association Le Nid' });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/mon-compte');
    http.expectOne('/api/auth/sessions').flush(SESSIONS);
    await settle();
    el = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  function set(sel: string, value: string): void {
    const input = q<HTMLInputElement>(el, sel);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('shows my details and my sessions, in Paris time', () => {
    expect(el.textContent).toContain('association@demo.cdlp.fr');
    expect(el.textContent).toContain('Association Le Nid');
    expect(el.querySelector('.cdlp-details')?.textContent).toContain('CDLP de la Gironde (33)');
    const rows = el.querySelectorAll('#table-sessions tbody tr');
    expect(rows[0].textContent).toContain('Chrome sous Linux');
    expect(rows[0].textContent).toContain('Session actuelle');
    expect(rows[0].textContent).toContain('02/03/2026 à 09:00');
    expect(rows[0].querySelector('button')).toBeNull();
    expect(rows[1].querySelector('button')?.textContent?.trim()).toBe('Révoquer');
  });

  it('revokes another session and reloads the list', async () => {
    q<HTMLButtonElement>(el, '#table-sessions tbody tr:nth-child(2) button').click();
    http
      .expectOne({ method: 'DELETE', url: '/api/auth/sessions/s2' })
      .flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/auth/sessions').flush([SESSIONS[0]]);
    await settle();
    expect(el.textContent).toContain('La session a été révoquée.');
    expect(el.querySelectorAll('#table-sessions tbody tr')).toHaveLength(1);
  });

  it('checks the confirmation and the minimum length of the new password', async () => {
    set('#currentPassword', 'old password 123');
    set('#newPassword', 'short');
    set('#confirmation', 'different');
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    await settle();
    expect(el.querySelector('#newPassword-messages')?.textContent).toContain('au moins 12 caractères');
    expect(el.querySelector('#confirmation-messages')?.textContent).toContain(
      'La confirmation ne correspond pas',
    );
    http.expectNone('/api/auth/password');
  });

  it('changes the password', async () => {
    set('#currentPassword', 'old password 123');
    set('#newPassword', 'a long new passphrase');
    set('#confirmation', 'a long new passphrase');
    q<HTMLButtonElement>(el, 'form button[type=submit]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/auth/password' });
    expect(req.request.body).toEqual({
      currentPassword: 'old password 123',
      newPassword: 'a long new passphrase',
    });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(el.textContent).toContain('Votre mot de passe a été modifié.');
    expect(q<HTMLInputElement>(el, '#currentPassword').value).toBe('');
  });
});

describe('describeUserAgent', () => {
  it('names the browser and the system', () => {
    expect(describeUserAgent(CHROME)).toBe('Chrome sous Linux');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox sous Windows',
    );
    expect(describeUserAgent(null)).toBe('Navigateur inconnu');
  });
});

describe('AccountPage of a national account (TENANT-1)', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([{ path: 'mon-compte', component: AccountPage }]);
  });

  afterEach(() => http.verify());

  it.each(['SUPERVISOR', 'NATIONAL_ADMIN'] as const)(
    'TENANT-1: shows a %s account that it belongs to no département, and whom to ask',
    async (role) => {
      await signIn(role);
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/mon-compte');
      http.expectOne('/api/auth/sessions').flush(SESSIONS);
      await settle();
      const el = harness.routeNativeElement as HTMLElement;
      const details = q(el, '.cdlp-details').textContent ?? '';
      expect(details).toContain('Aucun : compte national');
      expect(details).not.toContain('null');
      expect(el.textContent).toContain('l’administration nationale du portail');
      expect(el.textContent).not.toContain('secrétariat de la commission');
    },
  );
});
