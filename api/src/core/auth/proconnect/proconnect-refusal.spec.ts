import { UserEntity } from '../user.entity';
import { proConnectRefusal } from './proconnect.service';

function account(over: Partial<UserEntity> = {}): UserEntity {
  return Object.assign(new UserEntity(), {
    id: 'u1',
    role: 'SECRETARIAT',
    active: true,
    proconnectInvitedAt: new Date('2026-07-01T08:00:00Z'),
    proconnectSub: null,
    proconnectLinkedAt: null,
    ...over,
  });
}

const verified = { email: 'agent@vienne.gouv.fr', emailVerified: true };

describe('proConnectRefusal (who may finish a ProConnect login)', () => {
  it('lets an invited account link at its first login, and a linked account log in by sub', () => {
    expect(proConnectRefusal({ user: account(), matchedBy: 'email' }, verified)).toBeNull();
    const linked = account({ proconnectSub: 'sub-1', proconnectLinkedAt: new Date() });
    expect(proConnectRefusal({ user: linked, matchedBy: 'sub' }, verified)).toBeNull();
    // A linked identity needs no e-mail any more (it may have changed or be missing).
    expect(proConnectRefusal({ user: linked, matchedBy: 'sub' }, { email: null, emailVerified: false })).toBeNull();
  });

  it('never creates an account: no match is a refusal', () => {
    expect(proConnectRefusal(null, verified)).toBe('UNKNOWN_EMAIL');
    expect(proConnectRefusal(null, { email: null, emailVerified: true })).toBe('EMAIL_NOT_VERIFIED');
    expect(proConnectRefusal(null, { email: 'agent@vienne.gouv.fr', emailVerified: false })).toBe('EMAIL_NOT_VERIFIED');
  });

  it('refuses an account that was not invited', () => {
    expect(proConnectRefusal({ user: account({ proconnectInvitedAt: null }), matchedBy: 'email' }, verified)).toBe('NOT_INVITED');
  });

  it('refuses an e-mail match on an account linked to another identity', () => {
    const other = account({ proconnectSub: 'sub-other', proconnectLinkedAt: new Date() });
    expect(proConnectRefusal({ user: other, matchedBy: 'email' }, verified)).toBe('ALREADY_LINKED');
  });

  it('refuses association and deactivated accounts, even when linked', () => {
    const linked = { proconnectSub: 'sub-1', proconnectLinkedAt: new Date() };
    expect(proConnectRefusal({ user: account({ ...linked, role: 'ASSOCIATION' }), matchedBy: 'sub' }, verified)).toBe(
      'ASSOCIATION_ACCOUNT',
    );
    expect(proConnectRefusal({ user: account({ ...linked, active: false }), matchedBy: 'sub' }, verified)).toBe('INACTIVE');
    expect(proConnectRefusal({ user: account({ role: 'ASSOCIATION', proconnectInvitedAt: null }), matchedBy: 'email' }, verified)).toBe(
      'ASSOCIATION_ACCOUNT',
    );
  });
});
