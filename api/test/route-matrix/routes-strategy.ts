import { randomUUID } from 'node:crypto';
import { Permission } from '@cdlp/shared';
import type { RouteEntry } from './types';

/** The route table (index.ts): the préfet's decisions, signed documents, the departmental strategy. */
export const DECISION_AND_STRATEGY_ROUTES: Record<string, RouteEntry> = {
  'GET /api/psp-requests/{id}/decision': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision` }),
  },
  'PUT /api/psp-requests/{id}/decision': {
    access: Permission.DECISIONS_PREPARE,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision`, body: { kind: 'REFUSED', reasons: 'Motifs' } }),
    // The draft request has no opinion yet: 409, not an authorisation error.
    allowedStatus: [409],
  },
  'GET /api/psp-requests/{id}/decision/draft.pdf': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision/draft.pdf` }),
    allowedStatus: [409],
  },
  'POST /api/psp-requests/{id}/decision/sign': {
    access: Permission.DOCUMENTS_SIGN,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision/sign` }),
    allowedStatus: [409],
  },
  'GET /api/psp-requests/{id}/decision/documents': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision/documents` }),
  },
  'POST /api/documents/verify': {
    access: Permission.AUTHENTICATED,
    request: () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'doc.pdf');
      return { path: '/documents/verify', body: form };
    },
  },
  'GET /api/documents/{id}/content': {
    access: Permission.DEPARTEMENT_READ,
    request: () => ({ path: `/documents/${randomUUID()}/content` }),
    foreign: (c) => ({ path: `/documents/${c.signedDocumentId}/content` }),
    allowedStatus: [404],
  },
  'GET /api/strategy/reference': { access: Permission.STRATEGY_READ, request: () => ({ path: '/strategy/reference' }) },
  'GET /api/statistics/indicators': { access: Permission.STRATEGY_READ, request: () => ({ path: '/statistics/indicators?from=2025&to=2026' }) },
  'GET /api/strategies': { access: Permission.STRATEGY_READ, request: () => ({ path: '/strategies' }) },
  'POST /api/strategies': {
    access: Permission.STRATEGY_EDIT,
    request: () => ({ path: '/strategies', body: { title: 'Stratégie test', periodStart: 2027, periodEnd: 2029 } }),
  },
  'GET /api/strategies/{id}': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}` }) },
  'POST /api/strategies/{id}/versions': {
    access: Permission.STRATEGY_EDIT,
    request: async (c) => {
      const s = await c.secretariat.get<{ currentVersion: number; content: unknown }>(`/strategies/${c.strategyId}`);
      return { path: `/strategies/${c.strategyId}/versions`, body: { content: s.body.content, baseVersion: s.body.currentVersion, note: 'Matrice' } };
    },
  },
  'GET /api/strategies/{id}/diff': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/diff?from=1&to=2` }) },
  'GET /api/strategies/{id}/comments': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/comments` }) },
  'POST /api/strategies/{id}/comments': {
    access: Permission.STRATEGY_COMMENT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/comments`, body: { targetType: 'RECOMMENDATION', targetKey: '1', body: 'Remarque' } }),
  },
  'POST /api/strategies/{id}/agenda': {
    access: Permission.STRATEGY_EDIT,
    request: async (c) => {
      const created = await c.secretariat.post<{ id: string }>('/strategies', { title: 'À inscrire', periodStart: 2027, periodEnd: 2029 });
      return { path: `/strategies/${created.body.id}/agenda`, body: { sittingId: await c.newSitting(), version: 1 } };
    },
  },
  'POST /api/strategies/{id}/agenda/withdraw': {
    access: Permission.STRATEGY_EDIT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/agenda/withdraw` }),
    // The demo strategy is a draft: withdrawing it is a 409, not an authorisation error.
    allowedStatus: [409],
  },
  'POST /api/strategies/{id}/sign': {
    access: Permission.DOCUMENTS_SIGN,
    request: (c) => ({ path: `/strategies/${c.strategyId}/sign` }),
    allowedStatus: [409],
  },
  'GET /api/strategies/{id}/document.pdf': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/document.pdf` }) },
  'PUT /api/strategies/{id}/indicator-values': {
    access: Permission.STRATEGY_EDIT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/indicator-values`, body: { indicatorKey: c.manualIndicatorKey, year: 2026, value: 50 } }),
  },
  'PUT /api/strategies/{id}/action-progress': {
    access: Permission.STRATEGY_EDIT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/action-progress`, body: { actionKey: c.actionKey, year: 2026, status: 'IN_PROGRESS' } }),
  },
  'GET /api/strategies/{id}/follow-up': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/follow-up?year=2026` }) },
  'GET /api/strategies/{id}/action-statuses': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/action-statuses?year=2025` }) },
  'GET /api/strategies/{id}/follow-up.pdf': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/follow-up.pdf?year=2026` }) },
  'GET /api/strategies/{id}/export.xlsx': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/export.xlsx?kind=strategy` }) },
};
