import { isStateServiceCategory, proConnectInvitationRefusal, safeReturnPath } from './proconnect';

describe('ProConnect eligibility', () => {
  it('recognises the State categories of members', () => {
    expect(isStateServiceCategory('ETAT_GENDARMERIE')).toBe(true);
    expect(isStateServiceCategory('PRESIDENCE')).toBe(true);
    expect(isStateServiceCategory('MAGISTRAT')).toBe(true);
    expect(isStateServiceCategory('COLLECTIVITE')).toBe(false);
    expect(isStateServiceCategory('ASSOCIATION')).toBe(false);
  });

  it('allows the secretariat, the presidency and the administrators', () => {
    for (const role of ['SECRETARIAT', 'PRESIDENT', 'ADMIN'] as const) {
      expect(proConnectInvitationRefusal(role, null)).toBeNull();
    }
  });

  it('allows a member only when the member sits for a State service', () => {
    expect(proConnectInvitationRefusal('MEMBER', 'ETAT_SANTE')).toBeNull();
    expect(proConnectInvitationRefusal('MEMBER', 'COLLECTIVITE')).toContain('service de l’État');
    expect(proConnectInvitationRefusal('MEMBER', null)).toContain('service de l’État');
  });

  it('never allows an association account', () => {
    expect(proConnectInvitationRefusal('ASSOCIATION', null)).toContain('association');
  });
});

describe('safeReturnPath', () => {
  it('keeps a same-site path', () => {
    expect(safeReturnPath('/membres?page=2')).toBe('/membres?page=2');
  });

  it.each([null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/connexion', '/api/auth/me', '/a\r\nb'])(
    'sends %p home',
    (value) => {
      expect(safeReturnPath(value)).toBe('/');
    },
  );
});
