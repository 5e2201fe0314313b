import { Permission } from '@cdlp/shared';
import type { RouteEntry } from './types';
import { policySitting } from './bodies';

/** The route table (index.ts): sittings: agenda, convocation, attendance, votes, minutes. */
export const SITTING_ROUTES: Record<string, RouteEntry> = {
  'GET /api/sittings': { access: Permission.SITTINGS_READ, request: () => ({ path: '/sittings' }) },
  'GET /api/sittings/calendar': { access: Permission.SITTINGS_READ, request: () => ({ path: '/sittings/calendar?year=2027' }) },
  'GET /api/sittings/proposals': { access: Permission.SITTINGS_MANAGE, request: () => ({ path: '/sittings/proposals' }) },
  'POST /api/sittings/written-deliberation': {
    access: Permission.SITTINGS_MANAGE,
    // The demo's complete requests go on the first written deliberation; later calls find none left.
    request: (c) => ({ path: '/sittings/written-deliberation', body: { requestIds: c.completeRequestIds } }),
    tenant: 'body-id',
    allowedStatus: [400, 409],
  },
  'POST /api/sittings': { access: Permission.SITTINGS_MANAGE, request: () => ({ path: '/sittings', body: policySitting() }) },
  'GET /api/sittings/{id}': { access: Permission.SITTINGS_READ, request: (c) => ({ path: `/sittings/${c.convenedSittingId}` }), allowedStatus: [403] },
  'PUT /api/sittings/{id}': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}`, body: policySitting() }),
  },
  'POST /api/sittings/{id}/cancel': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}/cancel`, body: { reason: 'Test' } }),
  },
  'POST /api/sittings/{id}/agenda': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}/agenda`, body: { kind: 'POLICY', title: 'Point divers' } }),
  },
  'PUT /api/sittings/{id}/agenda/order': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => {
      const id = await c.newSitting();
      const s = await c.secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${id}`);
      return { path: `/sittings/${id}/agenda/order`, body: { itemIds: s.body.agenda.map((i) => i.id) } };
    },
  },
  'POST /api/sittings/{id}/agenda/reopen': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting(true)}/agenda/reopen` }),
  },
  'POST /api/sittings/{id}/agenda/{itemId}/remove': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => {
      const id = await c.newSitting();
      const s = await c.secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${id}`);
      return { path: `/sittings/${id}/agenda/${s.body.agenda[0].id}/remove`, body: { reason: 'Reporté' } };
    },
  },
  'POST /api/sittings/{id}/agenda/{itemId}/documents': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => {
      const id = await c.newSitting();
      const s = await c.secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${id}`);
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'note.pdf');
      return { path: `/sittings/${id}/agenda/${s.body.agenda[0].id}/documents`, body: form };
    },
  },
  'GET /api/sittings/{id}/agenda/{itemId}/documents/{documentId}': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/agenda/${c.convenedItemId}/documents/${c.agendaDocumentId}` }),
  },
  'GET /api/sittings/{id}/agenda.pdf': { access: Permission.SITTINGS_READ, request: (c) => ({ path: `/sittings/${c.convenedSittingId}/agenda.pdf` }) },
  'GET /api/sittings/{id}/calendar.ics': { access: Permission.SITTINGS_READ, request: (c) => ({ path: `/sittings/${c.convenedSittingId}/calendar.ics` }) },
  'POST /api/sittings/{id}/convocation': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}/convocation`, body: { urgent: false } }),
  },
  'POST /api/sittings/{id}/convocation/resend': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/resend`, body: { memberId: c.memberMemberId } }),
  },
  'GET /api/sittings/{id}/convocation/progress': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/progress` }),
  },
  'GET /api/sittings/{id}/convocation/letters': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/letters` }),
  },
  'POST /api/sittings/{id}/convocation/letters.pdf': {
    access: Permission.SITTINGS_MANAGE,
    // CONV-1: every demo member has an e-mail address, so there is no letter to produce (409).
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/letters.pdf`, body: {} }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/attendance': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/attendance`, body: { answer: 'PRESENT', memberId: c.memberMemberId } }),
    // The president's own member record answers for itself; the member answers for itself.
    allowedStatus: [403],
  },
  'POST /api/sittings/{id}/register': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/register`, body: { memberId: c.memberMemberId, presence: 'PRESENT' } }),
  },
  'POST /api/sittings/{id}/open': {
    access: Permission.SITTINGS_CHAIR,
    request: async (c) => ({ path: `/sittings/${await c.newSitting(true)}/open` }),
    // The test sittings are in the future: opening before the day is refused (409), not forbidden.
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/close': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/close` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/second-convocation': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting(true)}/second-convocation`, body: { startsAtLocal: '2027-04-20T10:00' } }),
  },
  'GET /api/sittings/{id}/events': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/events` }),
    allowedStatus: [403],
    stream: true,
  },
  'GET /api/sittings/{id}/deliberation': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/deliberation` }),
  },
  'PUT /api/sittings/{id}/chair': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/chair`, body: { memberId: c.memberMemberId, delegation: 'Par délégation' } }),
  },
  // The votes below need an open sitting: the convened test sitting answers 409, which is not an authorisation error.
  'POST /api/sittings/{id}/items/{itemId}/vote/open': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/vote/open` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/vote/close': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/vote/close` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/vote/remind': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/vote/remind` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/ballots': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({
      path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/ballots`,
      body: { choice: 'FAVOURABLE', capacity: 'OWN', clientKey: 'matrix-ballot-key' },
    }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/interests': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/interests`, body: { reason: 'Lien personnel' } }),
  },
  'POST /api/sittings/{id}/items/{itemId}/dissent': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/dissent`, body: { text: 'Désaccord' } }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/physical-request': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/physical-request`, body: { reason: 'Besoin de débat' } }),
    allowedStatus: [409],
  },
  'PUT /api/sittings/{id}/items/{itemId}/notes': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/notes`, body: { summary: 'Synthèse' } }),
  },
  'POST /api/sittings/{id}/comments': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/comments`, body: { body: 'Commentaire' } }),
    allowedStatus: [409],
  },
  // Minutes exist once a sitting is closed; on the convened test sitting the allowed callers get 409.
  'GET /api/sittings/{id}/minutes': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/minutes': {
    access: Permission.MINUTES_EDIT,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes` }),
    allowedStatus: [409],
  },
  'PUT /api/sittings/{id}/minutes': {
    access: Permission.MINUTES_EDIT,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes`, body: { introduction: 'Introduction' } }),
    allowedStatus: [409],
  },
  'GET /api/sittings/{id}/minutes/draft.pdf': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/draft.pdf` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/minutes/sign': {
    access: Permission.DOCUMENTS_SIGN,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/sign` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/minutes/new-version': {
    access: Permission.MINUTES_EDIT,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/new-version` }),
    allowedStatus: [409],
  },
  'GET /api/sittings/{id}/minutes/documents': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/documents` }),
  },
};
