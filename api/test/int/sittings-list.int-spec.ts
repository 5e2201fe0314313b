import type { PageDto, SittingListItemDto } from '@cdlp/shared';
import { addPolicyItem, convene, createSitting, dayFromNow, expectFieldError, sittingBody } from '../sitting-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Page = PageDto<SittingListItemDto>;

/**
 * The sittings list (the read path's hand-written statement): its filters, order, pages and
 * totals, what a member sees (MEMB-1), and its refusals, which the validation pipe never keeps.
 */
describe('sittings list: filters, order, pages, and what a member sees (MEET-1, MEMB-1)', () => {
  let t: TestApp;
  let sec: TestClient;
  let member: TestClient;
  let convenedId: string;

  const list = async (c: TestClient, query: string): Promise<Page> => {
    const r = await c.get<Page>(`/sittings${query ? `?${query}` : ''}`);
    if (r.status !== 200) throw new Error(`list ${query}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const kinds = (p: Page) => p.items.map((s) => `${s.kind}/${s.state}`);

  beforeAll(async () => {
    t = await startTestApp();
    [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
    // Besides the demo's two planned sittings (strategy in 21 days, minors in 75), a strategy
    // sitting in 10 days, convened.
    const s = await createSitting(sec, sittingBody('POLICY', dayFromNow(t, 10), { title: 'Séance convoquée' }));
    await addPolicyItem(sec, s.id, 'Point unique');
    convenedId = (await convene(sec, s.id)).id;
  });

  afterAll(() => t.close());

  it('lists every sitting of the département, latest first, with the live agenda length and the total', async () => {
    const all = await list(sec, '');
    expect(kinds(all)).toEqual(['MINORS/PLANNED', 'POLICY/PLANNED', 'POLICY/CONVENED']);
    expect(all.items.map((s) => s.itemCount)).toEqual([1, 3, 1]);
    expect({ total: all.total, page: all.page, pageSize: all.pageSize }).toEqual({ total: 3, page: 1, pageSize: 20 });
  });

  it('filters by kind, state and year, and lists the upcoming ones soonest first', async () => {
    expect(kinds(await list(sec, 'kind=MINORS'))).toEqual(['MINORS/PLANNED']);
    expect(kinds(await list(sec, 'state=CONVENED'))).toEqual(['POLICY/CONVENED']);
    expect(kinds(await list(sec, 'kind=POLICY&state=PLANNED'))).toEqual(['POLICY/PLANNED']);
    const minorsYear = Number(dayFromNow(t, 75).slice(0, 4));
    expect(kinds(await list(sec, `year=${minorsYear}`))).toContain('MINORS/PLANNED');
    expect((await list(sec, `year=${minorsYear + 3}`)).total).toBe(0);
    expect(kinds(await list(sec, 'upcoming=true'))).toEqual(['POLICY/CONVENED', 'POLICY/PLANNED', 'MINORS/PLANNED']);
  });

  it('pages: each page has its share and the total; a page past the end is empty and still gives the total', async () => {
    const second = await list(sec, 'pageSize=1&page=2');
    expect({ kinds: kinds(second), total: second.total }).toEqual({ kinds: ['POLICY/PLANNED'], total: 3 });
    const past = await list(sec, 'pageSize=2&page=9&kind=POLICY');
    expect({ items: past.items, total: past.total }).toEqual({ items: [], total: 2 });
  });

  it('MEMB-1: a member lists only the sittings they are convened to, never a planned one', async () => {
    const mine = await list(member, '');
    expect(mine.items.map((s) => s.id)).toEqual([convenedId]);
    expect(mine.total).toBe(1);
    expect((await list(member, 'state=PLANNED')).total).toBe(0);
  });

  it('refuses an invalid filter each time with its field, and still answers valid ones', async () => {
    for (let i = 0; i < 2; i++) {
      expectFieldError(await sec.get('/sittings?state=EN_COURS'), 'state', "L'état de séance est invalide.");
      expectFieldError(await sec.get('/sittings?upcoming=oui'), 'upcoming');
      expectFieldError(await sec.get('/sittings?pageSize=500'), 'pageSize');
    }
    expect((await list(sec, 'state=CONVENED')).total).toBe(1);
  });
});
