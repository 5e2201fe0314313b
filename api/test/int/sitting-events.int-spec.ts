import type { SittingDto } from '@cdlp/shared';
import { addPolicyItem, convene, createSitting, dayFromNow, memberId, sittingBody } from '../sitting-fixtures';
import { SseStream } from '../sse';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

describe('live sitting page: server-sent events (PG LISTEN/NOTIFY)', () => {
  let t: TestApp;
  let sec: TestClient;
  let member: TestClient;
  let sitting: SittingDto;
  let ddets: string;
  const streams: SseStream[] = [];
  const open = async (c: TestClient, id = sitting.id) => {
    const s = await SseStream.open(t.baseUrl, `/sittings/${id}/events`, c);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
    ddets = await memberId(t, 'ddets');
    sitting = await createSitting(sec, sittingBody('POLICY', dayFromNow(t, 20)));
    await addPolicyItem(sec, sitting.id, 'Stratégie départementale');
    sitting = await convene(sec, sitting.id);
  });

  afterEach(() => {
    while (streams.length) streams.pop()?.close();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('QUOR-1: GET /api/sittings/:id/events sends a first snapshot, then a new one with the updated quorum after a member answers', async () => {
    const stream = await open(member);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    const first = await stream.nextSitting();
    expect(first).toMatchObject({ id: sitting.id, state: 'CONVENED', myMemberId: ddets });
    expect(first?.quorum).toMatchObject({ rule: 'QUOR-1', counted: 0, reached: false });
    expect(first?.members.find((m) => m.memberId === ddets)?.answer).toBeNull();

    expect((await member.post(`/sittings/${sitting.id}/attendance`, { answer: 'PRESENT' })).status).toBe(200);
    const second = await stream.nextSitting();
    expect(second?.members.find((m) => m.memberId === ddets)?.answer).toBe('PRESENT');
    expect(second?.quorum).toMatchObject({ present: 1, counted: 1, reached: false });
    expect(second?.quorum.text).toBe('1 membre présent ou représenté sur 17 : quorum non atteint (9 requis)');

    expect((await member.post(`/sittings/${sitting.id}/attendance`, { answer: 'REMOTE' })).status).toBe(200);
    const third = await stream.nextSitting();
    expect(third?.members.find((m) => m.memberId === ddets)?.answer).toBe('REMOTE');
    expect(third?.quorum).toMatchObject({ present: 0, remote: 1, counted: 1 });
  });

  it('QUOR-1: answers given by the secretariat reach every open stream, until the quorum is reached', async () => {
    const [memberStream, secStream] = await Promise.all([open(member), open(sec)]);
    const start = await memberStream.nextSitting();
    expect(await secStream.nextSitting()).not.toBeNull();
    const counted = start?.quorum.counted ?? 0;
    const others = ['prefet', 'magistrat', 'ddfe', 'dipn', 'pj', 'gendarmerie', 'etrangers', 'travail'];
    for (const key of others) {
      const r = await sec.post(`/sittings/${sitting.id}/attendance`, { answer: 'PRESENT', memberId: await memberId(t, key) });
      expect(r.status).toBe(200);
    }
    const reached = await memberStream.until((s) => s.quorum.counted === counted + others.length);
    expect(reached.quorum).toMatchObject({ counted: 9, reached: true });
    expect(reached.quorum.text).toBe('9 membres présents ou représentés sur 17 : quorum atteint (9 requis)');
    // The member's snapshot hides the delivery details the secretariat sees.
    expect(reached.members.every((m) => m.convocationMessageId === null)).toBe(true);
    const secSeen = await secStream.until((s) => s.quorum.counted === 9);
    expect(secSeen.members.every((m) => m.convocationMessageId !== null)).toBe(true);
  });

  it('a refused change (rolled back) sends no snapshot: NOTIFY is delivered on commit only', async () => {
    const stream = await open(member);
    expect(await stream.nextSitting()).not.toBeNull();
    const refused = await member.post(`/sittings/${sitting.id}/attendance`, { answer: 'MANDATE', mandateHolderId: ddets });
    expect(refused.status).toBe(400);
    expect(await stream.nextSitting(700)).toBeNull();
  });

  it('the stream is refused to anonymous users (401) and to members before the convocation (403)', async () => {
    const planned = await createSitting(sec, sittingBody('POLICY', dayFromNow(t, 40)));
    expect((await open(t.anon())).status).toBe(401);
    expect((await open(member, planned.id)).status).toBe(403);
    const secStream = await open(sec, planned.id);
    expect(secStream.status).toBe(200);
    expect((await secStream.nextSitting())?.state).toBe('PLANNED');
  });
});
