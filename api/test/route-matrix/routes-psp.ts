import { Permission } from '@cdlp/shared';
import type { RouteEntry } from './types';

/** The route table (index.ts): PSP requests and their documents, the checklist, pathways. */
export const PSP_ROUTES: Record<string, RouteEntry> = {
  'GET /api/psp-requests': { access: Permission.PSP_REQUESTS_READ, request: () => ({ path: '/psp-requests' }) },
  'POST /api/psp-requests': {
    access: Permission.PSP_REQUESTS_FILE,
    // The association named in the body belongs to the département of the context.
    tenant: 'body-id',
    request: (c) => ({ path: '/psp-requests', body: { associationId: c.associationId, dossier: { lastName: 'Test' } } }),
  },
  'GET /api/psp-requests/{id}': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}` }),
  },
  'GET /api/psp-requests/{id}/summary': {
    access: Permission.PSP_SUMMARY_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/summary` }),
    // DP-2: a member reads a summary only for a sitting it is convened to; outside it, 403.
    allowedStatus: [403],
  },
  'PUT /api/psp-requests/{id}': {
    access: Permission.PSP_REQUESTS_FILE,
    request: (c) => ({ path: `/psp-requests/${c.requestId}`, body: { dossier: { lastName: 'Test', firstName: 'Matrice' } } }),
  },
  'POST /api/psp-requests/{id}/submit': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => ({ path: `/psp-requests/${await c.newDraft()}/submit` }),
    // An empty draft cannot be submitted: the answer lists the missing fields.
    allowedStatus: [400],
  },
  'POST /api/psp-requests/{id}/withdraw': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => ({ path: `/psp-requests/${await c.newDraft()}/withdraw`, body: { reason: 'Test' } }),
  },
  'POST /api/psp-requests/{id}/nationality-waiver': {
    access: Permission.PSP_COMPLETENESS_DECIDE,
    request: (c) => ({ path: `/psp-requests/${c.submittedRequestId}/nationality-waiver`, body: { accepted: true, reason: 'Documents concordants' } }),
  },
  'POST /api/psp-requests/{id}/documents': {
    access: Permission.PSP_REQUESTS_FILE,
    request: (c) => {
      const form = new FormData();
      form.append('itemCode', 'ETAT_CIVIL');
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'acte.pdf');
      return { path: `/psp-requests/${c.requestId}/documents`, body: form };
    },
  },
  'GET /api/psp-requests/{id}/documents/{documentId}/content': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/documents/${c.documentId}/content` }),
  },
  'DELETE /api/psp-requests/{id}/documents/{documentId}': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => ({ path: `/psp-requests/${c.requestId}/documents/${await c.newDocument()}` }),
  },
  'GET /api/psp-checklist': { access: Permission.DEPARTEMENT_READ, request: () => ({ path: '/psp-checklist?kind=INITIAL' }) },
  'POST /api/psp-checklist': {
    access: Permission.PSP_CHECKLIST_MANAGE,
    request: () => ({ path: '/psp-checklist', body: { kind: 'RENEWAL', label: 'Attestation de suivi', required: false, validFrom: '2031-01-01' } }),
  },
  'PUT /api/psp-checklist/{id}': {
    access: Permission.PSP_CHECKLIST_MANAGE,
    request: async (c) => {
      const list = await c.secretariat.get<{ id: string; code: string; validTo: string | null }[]>('/psp-checklist?kind=INITIAL');
      const item = list.body.find((i) => i.code === 'SITUATION' && i.validTo === null)!;
      c.checklistDay += 1;
      const validFrom = `2030-01-${String(c.checklistDay).padStart(2, '0')}`;
      return { path: `/psp-checklist/${item.id}`, body: { label: 'Pièces sur la situation', required: true, validFrom } };
    },
  },
  'GET /api/pathways': { access: Permission.PATHWAYS_READ, request: () => ({ path: '/pathways' }) },
  'GET /api/pathways/{id}': { access: Permission.PATHWAYS_READ, request: (c) => ({ path: `/pathways/${c.pathwayId}` }) },
  'POST /api/pathways/{id}/renewals': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => {
      // One renewal may be pending at a time: withdraw the previous one first.
      const page = await c.secretariat.get<{ items: { id: string; state: string; kind: string; pathwayId: string }[] }>(
        '/psp-requests?kind=RENEWAL&pageSize=100',
      );
      for (const r of page.body.items.filter((x) => x.pathwayId === c.pathwayId && x.state === 'DRAFT')) {
        await c.secretariat.post(`/psp-requests/${r.id}/withdraw`, { reason: 'Test' });
      }
      return { path: `/pathways/${c.pathwayId}/renewals`, body: { dossier: { progressReport: 'Bilan' } } };
    },
  },
  'POST /api/pathways/{id}/end': {
    access: Permission.PATHWAYS_MANAGE,
    request: (c) => ({ path: `/pathways/${c.pathwayId}/end`, body: { reason: 'COMPLETED', effectiveDate: '2030-01-01' } }),
    // The first allowed call ends the pathway; the following ones meet an ended pathway.
    allowedStatus: [409],
  },
  'PUT /api/pathways/{id}/residence-permit': {
    access: Permission.PSP_REQUESTS_FILE,
    request: (c) => ({ path: `/pathways/${c.pathwayId}/residence-permit`, body: { status: 'REQUESTED' } }),
  },
};
