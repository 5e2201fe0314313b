import { randomUUID } from 'node:crypto';
import { Permission } from '@cdlp/shared';
import { DEMO } from '../test-app';
import type { RouteEntry } from './types';
import { associationBody, memberBody, uniqueEmail } from './bodies';

/** The route table (index.ts): health, authentication and sessions, registry, members, associations, user accounts. */
export const ACCOUNT_ROUTES: Record<string, RouteEntry> = {
  'GET /api/health': { access: 'public', request: () => ({ path: '/health' }) },
  'POST /api/auth/login': {
    access: 'public',
    request: () => ({ path: '/auth/login', body: { email: DEMO.member, password: 'Demo-CDLP-2026!' } }),
    // Logging in replaces the caller's cookies: keep the shared clients untouched.
    freshSession: true,
  },
  'POST /api/auth/logout': { access: Permission.AUTHENTICATED, request: () => ({ path: '/auth/logout' }), freshSession: true },
  'GET /api/auth/me': { access: Permission.AUTHENTICATED, request: () => ({ path: '/auth/me' }) },
  'POST /api/auth/password-reset/request': {
    access: 'public',
    request: () => ({ path: '/auth/password-reset/request', body: { email: 'nobody@example.fr' } }),
  },
  'POST /api/auth/password-reset': {
    access: 'public',
    // An unknown token is a validation error, never an authorisation error.
    request: () => ({ path: '/auth/password-reset', body: { token: 'unknown', newPassword: 'Un-mot-de-passe-long' } }),
    allowedStatus: [400],
  },
  'POST /api/auth/password': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: '/auth/password', body: { currentPassword: 'wrong-password', newPassword: 'Un-mot-de-passe-long' } }),
    allowedStatus: [400],
  },
  'GET /api/auth/sessions': { access: Permission.AUTHENTICATED, request: () => ({ path: '/auth/sessions' }) },
  'GET /api/auth/login-methods': { access: 'public', request: () => ({ path: '/auth/login-methods' }) },
  // Browser navigations: they answer redirects (here to the refusal page, ProConnect not being configured).
  'GET /api/auth/proconnect/login': {
    access: 'public',
    request: () => ({ path: '/auth/proconnect/login?retour=%2F' }),
    allowedStatus: [302],
  },
  'GET /api/auth/proconnect/callback': {
    access: 'public',
    request: () => ({ path: '/auth/proconnect/callback?code=x&state=y' }),
    allowedStatus: [302],
  },
  'DELETE /api/auth/sessions/{id}': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: `/auth/sessions/${randomUUID()}` }),
    foreign: (c) => ({ path: `/auth/sessions/${c.sessionId}` }),
    allowedStatus: [404],
  },
  'GET /api/registry/departement': { access: Permission.DEPARTEMENT_READ, request: () => ({ path: '/registry/departement' }) },
  'GET /api/registry/member-categories': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: '/registry/member-categories' }),
  },
  'GET /api/members': { access: Permission.MEMBERS_READ, request: () => ({ path: '/members' }) },
  'GET /api/members/{id}': { access: Permission.MEMBERS_READ, request: (c) => ({ path: `/members/${c.memberId}` }) },
  'POST /api/members': { access: Permission.MEMBERS_WRITE, request: () => ({ path: '/members', body: memberBody() }) },
  'PUT /api/members/{id}': {
    access: Permission.MEMBERS_WRITE,
    request: async (c) => {
      const r = await (await c.login('SECRETARIAT')).post<{ id: string }>('/members', memberBody());
      return { path: `/members/${r.body.id}`, body: memberBody() };
    },
  },
  'POST /api/members/{id}/end': {
    access: Permission.MEMBERS_WRITE,
    request: async (c) => {
      const r = await (await c.login('SECRETARIAT')).post<{ id: string }>('/members', memberBody());
      return { path: `/members/${r.body.id}/end`, body: { endDate: '2026-06-30', reason: 'Mutation' } };
    },
  },
  'POST /api/members/import': {
    access: Permission.MEMBERS_WRITE,
    request: () => {
      const csv =
        'civilite;prenom;nom;categorie;organisme;fonction;email;arrete;debut_mandat;droit_de_vote;siege;designation\n' +
        `MME;Alice;Import;ETAT_SANTE;ARS;Médecin;${uniqueEmail()};Arrêté 1;2026-01-01;oui;TITULAIRE;EX_OFFICIO\n`;
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'membres.csv');
      return { path: '/members/import', body: form };
    },
  },
  'GET /api/associations': { access: Permission.ASSOCIATIONS_READ, request: () => ({ path: '/associations' }) },
  'GET /api/associations/{id}': {
    access: Permission.ASSOCIATIONS_READ,
    request: (c) => ({ path: `/associations/${c.associationId}` }),
  },
  'POST /api/associations': {
    access: Permission.ASSOCIATIONS_WRITE,
    request: () => ({ path: '/associations', body: associationBody() }),
  },
  'PUT /api/associations/{id}': {
    access: Permission.ASSOCIATIONS_WRITE,
    request: (c) => ({ path: `/associations/${c.associationId}`, body: { ...associationBody(), name: 'Association Passerelles Vienne' } }),
  },
  'POST /api/associations/{id}/end': {
    access: Permission.ASSOCIATIONS_WRITE,
    request: async (c) => {
      const r = await (await c.login('SECRETARIAT')).post<{ id: string }>('/associations', associationBody());
      return { path: `/associations/${r.body.id}/end`, body: { endDate: '2026-06-30', reason: 'Dissolution' } };
    },
  },
  'GET /api/users': { access: Permission.USERS_MANAGE, request: () => ({ path: '/users' }) },
  'POST /api/users': {
    access: Permission.USERS_MANAGE,
    request: () => ({ path: '/users', body: { email: uniqueEmail(), firstName: 'A', lastName: 'B', role: 'SECRETARIAT' } }),
  },
  'PUT /api/users/{id}': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({
      path: `/users/${c.userId}`,
      body: { email: c.userEmail, firstName: 'Cible', lastName: 'Matrice', role: 'SECRETARIAT', active: true },
    }),
  },
  'POST /api/users/{id}/unlock': { access: Permission.USERS_MANAGE, request: (c) => ({ path: `/users/${c.userId}/unlock` }) },
  'POST /api/users/{id}/proconnect-invitation': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/proconnect-invitation` }),
  },
  'DELETE /api/users/{id}/proconnect-invitation': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/proconnect-invitation` }),
  },
  'POST /api/users/{id}/revoke-sessions': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/revoke-sessions` }),
  },
};
