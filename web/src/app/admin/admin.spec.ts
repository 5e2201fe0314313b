import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AuditEventDto, UserDto } from '@cdlp/shared';
import { association, page } from '../../testing/fixtures';
import { byText, flushLoginMethods, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { AuditPage, shortId } from './audit.page';
import { UserCreatePage } from './user-create.page';
import { isLocked, UsersPage } from './users.page';

function user(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: 'u1',
    email: 'membre@demo.cdlp.fr',
    firstName: 'Jeanne',
    lastName: 'Petit',
    role: 'MEMBER',
    memberId: 'm1',
    associationId: null,
    active: true,
    lockedUntil: null,
    lastLoginAt: null,
    proConnect: 'NONE',
    proConnectInvitedAt: null,
    proConnectLinkedAt: null,
    ...overrides,
  };
}

describe('administration pages', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    http = setUpPageTest([
      { path: 'administration/comptes', component: UsersPage },
      { path: 'administration/comptes/nouveau', component: UserCreatePage },
      { path: 'administration/journal', component: AuditPage },
    ]);
    await signIn('ADMIN');
  });

  afterEach(() => http.verify());

  async function open(url: string, proConnect = false): Promise<HTMLElement> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    if (url === '/administration/comptes') flushLoginMethods(http, proConnect);
    return harness.routeNativeElement as HTMLElement;
  }

  it('deactivates an account with PUT and the full UpdateUserDto', async () => {
    const el = await open('/administration/comptes');
    http.expectOne((r) => r.url === '/api/users').flush(page([user()]));
    await settle();
    const button = byText<HTMLButtonElement>(el, 'tbody button', 'Désactiver');
    expect(button.getAttribute('aria-label')).toBe('Désactiver le compte de Jeanne Petit');
    button.click();
    const req = http.expectOne({ method: 'PUT', url: '/api/users/u1' });
    expect(req.request.body).toEqual({
      email: 'membre@demo.cdlp.fr',
      firstName: 'Jeanne',
      lastName: 'Petit',
      role: 'MEMBER',
      memberId: 'm1',
      associationId: null,
      active: false,
    });
    req.flush(user({ active: false }));
    http.expectOne((r) => r.url === '/api/users').flush(page([user({ active: false })]));
    await settle();
    expect(el.textContent).toContain('Le compte de Jeanne Petit est désactivé.');
    expect(el.querySelector('tbody')?.textContent).toContain('Désactivé');
  });

  it('unlocks a locked account and revokes sessions', async () => {
    const lockedUntil = new Date(Date.now() + 600_000).toISOString();
    const el = await open('/administration/comptes');
    http.expectOne((r) => r.url === '/api/users').flush(page([user({ lockedUntil })]));
    await settle();
    expect(el.querySelector('tbody')?.textContent).toContain('Verrouillé jusqu');
    byText<HTMLButtonElement>(el, 'tbody button', 'Déverrouiller').click();
    http
      .expectOne({ method: 'POST', url: '/api/users/u1/unlock' })
      .flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne((r) => r.url === '/api/users').flush(page([user()]));
    await settle();
    byText<HTMLButtonElement>(el, 'tbody button', 'Révoquer les sessions').click();
    http
      .expectOne({ method: 'POST', url: '/api/users/u1/revoke-sessions' })
      .flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne((r) => r.url === '/api/users').flush(page([user()]));
    await settle();
    expect(el.textContent).toContain('Les sessions de Jeanne Petit ont été révoquées.');
  });

  it('creates an association account linked to its association', async () => {
    const el = await open('/administration/comptes/nouveau');
    http.expectOne((r) => r.url === '/api/members').flush(page([]));
    http.expectOne((r) => r.url === '/api/associations').flush(page([association()]));
    await settle();
    const set = (sel: string, value: string) => {
      const input = q<HTMLInputElement | HTMLSelectElement>(el, sel);
      input.value = value;
      input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    };
    set('#firstName', 'Lina');
    set('#lastName', 'Roux');
    set('#email', 'lina.roux@lenid.example.org');
    set('#role', 'ASSOCIATION');
    await settle();
    expect(el.querySelector('#memberId')).toBeNull();
    set('#associationId', association().id);
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/users' });
    expect(req.request.body).toEqual({
      email: 'lina.roux@lenid.example.org',
      firstName: 'Lina',
      lastName: 'Roux',
      role: 'ASSOCIATION',
      memberId: null,
      associationId: association().id,
    });
    req.flush(user({ firstName: 'Lina', lastName: 'Roux', role: 'ASSOCIATION' }), {
      status: 201,
      statusText: 'Created',
    });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/administration/comptes');
    http.expectOne((r) => r.url === '/api/users').flush(page([]));
    flushLoginMethods(http);
  });

  it('hides ProConnect when the portal is not configured for it', async () => {
    const el = await open('/administration/comptes');
    http.expectOne((r) => r.url === '/api/users').flush(page([user()]));
    await settle();
    expect(el.querySelector('thead')?.textContent).not.toContain('ProConnect');
    expect(el.querySelector('tbody')?.textContent).not.toContain('ProConnect');
  });

  it('invites an account to ProConnect and shows its link state', async () => {
    const el = await open('/administration/comptes', true);
    http.expectOne((r) => r.url === '/api/users').flush(
      page([
        user(),
        user({ id: 'u2', firstName: 'Léa', lastName: 'Moreau', role: 'ASSOCIATION', memberId: null, associationId: 'a1' }),
      ]),
    );
    await settle();
    const rows = el.querySelectorAll('tbody tr');
    expect(rows[0].textContent).toContain('Non invité');
    // An association account is never offered ProConnect.
    expect(rows[1].textContent).toContain('Non concerné');
    expect(rows[1].textContent).not.toContain('Inviter à ProConnect');
    const invite = byText<HTMLButtonElement>(el, 'tbody button', 'Inviter à ProConnect');
    expect(invite.getAttribute('aria-label')).toBe('Inviter à ProConnect Jeanne Petit');
    invite.click();
    const invited = user({ proConnect: 'INVITED', proConnectInvitedAt: '2026-07-01T08:00:00Z' });
    http.expectOne({ method: 'POST', url: '/api/users/u1/proconnect-invitation' }).flush(invited);
    http.expectOne((r) => r.url === '/api/users').flush(page([invited]));
    await settle();
    expect(el.textContent).toContain('Jeanne Petit est invité(e) à ProConnect');
    expect(el.querySelector('tbody')?.textContent).toContain('Invité à ProConnect');
    expect(el.querySelector('tbody')?.textContent).toContain('le 01/07/2026');
    expect(el.querySelector('tbody')?.textContent).not.toContain('Inviter à ProConnect');
  });

  it('renews the invitation of a linked account and withdraws ProConnect', async () => {
    const linked = user({ proConnect: 'LINKED', proConnectInvitedAt: '2026-07-01T08:00:00Z', proConnectLinkedAt: '2026-07-02T08:00:00Z' });
    const el = await open('/administration/comptes', true);
    http.expectOne((r) => r.url === '/api/users').flush(page([linked]));
    await settle();
    expect(el.querySelector('tbody')?.textContent).toContain('Relié à ProConnect');
    byText<HTMLButtonElement>(el, 'tbody button', 'Renouveler l’invitation ProConnect').click();
    http.expectOne({ method: 'POST', url: '/api/users/u1/proconnect-invitation' }).flush(user({ proConnect: 'INVITED' }));
    http.expectOne((r) => r.url === '/api/users').flush(page([linked]));
    await settle();
    byText<HTMLButtonElement>(el, 'tbody button', 'Retirer l’accès ProConnect').click();
    http.expectOne({ method: 'DELETE', url: '/api/users/u1/proconnect-invitation' }).flush(user());
    http.expectOne((r) => r.url === '/api/users').flush(page([user()]));
    await settle();
    expect(el.textContent).toContain('Jeanne Petit ne peut plus se connecter avec ProConnect.');
  });

  it('lists audit events and verifies the chain', async () => {
    const event: AuditEventDto = {
      id: 'e1',
      occurredAt: '2026-07-01T10:00:00Z',
      actorUserId: 'u-admin-123456',
      actorRole: 'ADMIN',
      action: 'USER_CREATED',
      entityType: 'user',
      entityId: 'u1',
      requestId: 'req-1',
      hash: 'abcdef0123456789abcdef',
    };
    const el = await open('/administration/journal');
    const list = http.expectOne((r) => r.url === '/api/audit');
    expect(list.request.params.get('page')).toBe('1');
    list.flush(page([event], 1, 1, 25));
    await settle();
    expect(el.querySelector('tbody')?.textContent).toContain('01/07/2026 à 12:00');
    expect(el.querySelector('tbody')?.textContent).toContain('USER_CREATED');
    byText<HTMLButtonElement>(el, 'button', "Vérifier l'intégrité").click();
    http.expectOne('/api/audit/verify').flush({
      ok: false,
      checked: 12,
      firstBrokenId: 'e7',
      reason: "L'empreinte de l'événement e7 ne correspond pas.",
    });
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain(
      "L'empreinte de l'événement e7 ne correspond pas.",
    );
  });
});

describe('admin helpers', () => {
  it('tells whether an account is locked now', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(isLocked({ lockedUntil: '2026-01-01T12:10:00Z' }, now)).toBe(true);
    expect(isLocked({ lockedUntil: '2026-01-01T11:50:00Z' }, now)).toBe(false);
    expect(isLocked({ lockedUntil: null }, now)).toBe(false);
  });

  it('shortens identifiers', () => {
    expect(shortId('abcdefghijkl')).toBe('abcdefgh…');
    expect(shortId(null)).toBe('-');
  });
});
