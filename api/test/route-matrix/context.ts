import { randomUUID } from 'node:crypto';
import { Role } from '@cdlp/shared';
import { UserEntity } from '../../src/core/auth/user.entity';
import { DocumentsService } from '../../src/documents/documents.service';
import { DEMO_DEPARTEMENTS } from '../../src/demo/demo-data';
import { demoPdf } from '../../src/demo/demo-psp';
import { DEMO, TestApp, TestClient } from '../test-app';
import { policySitting } from './bodies';
import type { DepartementRole, RouteCtx, RouteEntry, RouteRequest } from './types';

/** The 86 demo accounts and the national ones, as the matrix logs in. */
export const ACCOUNTS: Record<Role, string> = {
  SECRETARIAT: DEMO.secretariat,
  PRESIDENT: DEMO.president,
  MEMBER: DEMO.member,
  ASSOCIATION: DEMO.association,
  ADMIN: DEMO.admin,
  SUPERVISOR: DEMO.supervisor,
  NATIONAL_ADMIN: DEMO.nationalAdmin,
};

/** The demo accounts of a département, by role. */
export function departementAccounts(departement: string): Record<DepartementRole, string> {
  const d = DEMO_DEPARTEMENTS.find((x) => x.code === departement);
  if (!d) throw new Error(`No demo département ${departement}`);
  return Object.fromEntries(d.accounts.map((a) => [a.role, a.email])) as Record<DepartementRole, string>;
}

/**
 * The resources the table's requests address, in one département, created through the api
 * by its demo accounts (and the signed document through the documents service, as the
 * signing flows would). Both suites build it the same way: the matrix for the Vienne, the
 * TENANT-1 suite for both départements.
 */
export async function buildRouteContext(t: TestApp, departement: string): Promise<RouteCtx> {
  const accounts = departementAccounts(departement);
  const login = (role: DepartementRole) => t.login(accounts[role]);
  const secretariat = await login('SECRETARIAT');
  const members = await secretariat.get<{ items: { id: string }[] }>('/members');
  const assos = await secretariat.get<{ items: { id: string; name: string }[] }>('/associations');
  const admin = await login('ADMIN');
  const userEmail = departement === '86' ? 'matrix-target@example.fr' : `matrix-target-${departement}@example.fr`;
  const target = await admin.post<{ id: string }>('/users', { email: userEmail, firstName: 'Cible', lastName: 'Matrice', role: 'SECRETARIAT' });
  const passerelles = assos.body.items.find((a) => a.name === 'Association Passerelles Vienne')!.id;
  const newDraft = async () => {
    const r = await secretariat.post<{ id: string }>('/psp-requests', { associationId: passerelles, dossier: {} });
    return r.body.id;
  };
  const draftId = await newDraft();
  const newDocument = async () => {
    const form = new FormData();
    form.append('itemCode', 'ETAT_CIVIL');
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'acte.pdf');
    const r = await secretariat.request<{ documents: { id: string }[] }>('POST', `/psp-requests/${draftId}/documents`, form);
    return r.body.documents[r.body.documents.length - 1].id;
  };
  const documentId = await newDocument();
  const requests = await secretariat.get<{ items: { id: string; state: string; kind: string }[] }>('/psp-requests?pageSize=100');
  const submitted = requests.body.items.find((r) => r.state === 'INCOMPLETE')!;
  const pathways = await secretariat.get<{ items: { id: string; canRenew: boolean }[] }>('/pathways');
  const newSitting = async (convened = false) => {
    const created = await secretariat.post<{ id: string }>('/sittings', policySitting());
    await secretariat.post(`/sittings/${created.body.id}/agenda`, { kind: 'POLICY', title: 'Stratégie départementale' });
    if (convened) await secretariat.post(`/sittings/${created.body.id}/convocation`, { urgent: false });
    return created.body.id;
  };
  const convenedSittingId = await newSitting();
  const convenedSitting = await secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${convenedSittingId}`);
  const docForm = new FormData();
  docForm.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'note.pdf');
  const withDoc = await secretariat.request<{ agenda: { id: string; documents: { id: string }[] }[] }>(
    'POST',
    `/sittings/${convenedSittingId}/agenda/${convenedSitting.body.agenda[0].id}/documents`,
    docForm,
  );
  await secretariat.post(`/sittings/${convenedSittingId}/convocation`, { urgent: false });
  const memberMe = await (await login('MEMBER')).get<{ memberId: string }>('/auth/me');
  const outbox = await admin.get<{ items: { id: string }[] }>('/outbox?relatedType=sitting');
  type Plan = { indicators: { key: string; automatic: string | null }[]; actions: { key: string }[] };
  const strategies = await secretariat.get<{ id: string }[]>('/strategies');
  const strategy = await secretariat.get<{ content: { recommendations: Plan[] } }>(`/strategies/${strategies.body[0].id}`);
  const plans = strategy.body.content.recommendations;
  const sessions = await secretariat.get<{ id: string; current: boolean }[]>('/auth/sessions');
  const signedDocumentId = await t.inScope(departement, async (m) => {
    const president = await m.getRepository(UserEntity).findOneByOrFail({ email: accounts.PRESIDENT });
    const doc = await t.app.get(DocumentsService).sign(m, {
      kind: 'MINUTES',
      subjectId: randomUUID(),
      title: `Document de test ${departement}`,
      signer: president,
      render: async () => demoPdf(`Document de test ${departement}`),
    });
    return doc.id;
  });
  return {
    departement,
    app: t,
    login,
    secretariat,
    strategyId: strategies.body[0].id,
    manualIndicatorKey: plans.flatMap((p) => p.indicators).find((i) => !i.automatic)!.key,
    actionKey: plans.flatMap((p) => p.actions)[0].key,
    newSitting,
    convenedSittingId,
    convenedItemId: convenedSitting.body.agenda[0].id,
    agendaDocumentId: withDoc.body.agenda[0].documents[0].id,
    memberMemberId: memberMe.body.memberId,
    completeRequestIds: requests.body.items.filter((r) => r.state === 'COMPLETE').map((r) => r.id),
    outboxMessageId: outbox.body.items[0].id,
    requestId: draftId,
    submittedRequestId: submitted.id,
    documentId,
    pathwayId: pathways.body.items.find((p) => p.canRenew)!.id,
    checklistDay: 0,
    newDraft,
    newDocument,
    memberId: members.body.items[0].id,
    associationId: passerelles,
    userId: target.body.id,
    userEmail,
    signedDocumentId,
    sessionId: sessions.body.find((s) => s.current)!.id,
  };
}

/** Calls one route of the table with a prepared request. */
export function callRoute(client: TestClient, route: string, entry: RouteEntry, req: RouteRequest) {
  const method = route.split(' ')[0];
  if (entry.stream) return client.status(req.path);
  return client.request(method, req.path, method === 'GET' ? undefined : (req.body ?? {}));
}
