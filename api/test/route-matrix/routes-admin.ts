import { Permission } from '@cdlp/shared';
import type { RouteEntry } from './types';
import { certificateForm, demoDepartementOf, openDepartementBody } from './bodies';

/** The route table (index.ts): the outbox, the national administration, the département's configuration, parameters, audit. */
export const ADMIN_ROUTES: Record<string, RouteEntry> = {
  'GET /api/outbox': { access: Permission.OUTBOX_READ, request: () => ({ path: '/outbox' }) },
  'GET /api/outbox/{id}': { access: Permission.OUTBOX_READ, request: (c) => ({ path: `/outbox/${c.outboxMessageId}` }) },
  'POST /api/outbox/{id}/resend': { access: Permission.OUTBOX_READ, request: (c) => ({ path: `/outbox/${c.outboxMessageId}/resend` }) },
  // TENANT-1: the national administration (national accounts only).
  'GET /api/national/departements': { access: Permission.DEPARTEMENTS_MANAGE, request: () => ({ path: '/national/departements' }) },
  'POST /api/national/departements': {
    access: Permission.DEPARTEMENTS_MANAGE,
    request: () => ({ path: '/national/departements', body: openDepartementBody() }),
  },
  'GET /api/national/departements/{code}': {
    access: Permission.DEPARTEMENTS_MANAGE,
    request: (c) => ({ path: `/national/departements/${c.departement}` }),
  },
  'PUT /api/national/departements/{code}': {
    access: Permission.DEPARTEMENTS_MANAGE,
    // The context's own département, unchanged (and still open).
    request: (c) => ({ path: `/national/departements/${c.departement}`, body: { ...demoDepartementOf(c.departement), active: true } }),
  },
  'GET /api/national/statistics': { access: Permission.NATIONAL_STATISTICS_READ, request: () => ({ path: '/national/statistics?year=2026' }) },
  'GET /api/national/statistics/export.xlsx': {
    access: Permission.NATIONAL_STATISTICS_READ,
    request: () => ({ path: '/national/statistics/export.xlsx?year=2026' }),
  },
  // The configuration of the caller's own département.
  'GET /api/departement-settings/mail-sender': { access: Permission.CONFIG_MANAGE, request: () => ({ path: '/departement-settings/mail-sender' }) },
  'PUT /api/departement-settings/mail-sender': {
    access: Permission.CONFIG_MANAGE,
    request: (c) => ({ path: '/departement-settings/mail-sender', body: { mailSenderName: demoDepartementOf(c.departement).mailSenderName } }),
  },
  'GET /api/departement-settings/signing-certificate': {
    access: Permission.CONFIG_MANAGE,
    request: () => ({ path: '/departement-settings/signing-certificate' }),
  },
  'PUT /api/departement-settings/signing-certificate': {
    access: Permission.CONFIG_MANAGE,
    request: () => ({ path: '/departement-settings/signing-certificate', body: certificateForm() }),
  },
  'DELETE /api/departement-settings/signing-certificate': {
    access: Permission.CONFIG_MANAGE,
    request: () => ({ path: '/departement-settings/signing-certificate' }),
    // Without an uploaded certificate there is nothing to remove.
    allowedStatus: [404],
  },
  // Dated parameters of the caller's own département (the key is no resource of another one).
  'GET /api/parameters': { access: Permission.PARAMETERS_MANAGE, request: () => ({ path: '/parameters' }) },
  'POST /api/parameters/{key}/values': {
    access: Permission.PARAMETERS_MANAGE,
    // A value scheduled far ahead: every allowed caller replaces the same one.
    request: () => ({ path: '/parameters/convocation.reminder_days/values', body: { value: 2, validFrom: '2031-01-01' } }),
    tenant: 'own',
  },
  'GET /api/audit': { access: Permission.AUDIT_READ, request: () => ({ path: '/audit' }) },
  'GET /api/audit/verify': { access: Permission.AUDIT_READ, request: () => ({ path: '/audit/verify' }) },
};
