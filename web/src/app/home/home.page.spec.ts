import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { ROLES, type Role } from '@cdlp/shared';
import {
  nationalDepartement,
  nationalStatistics,
  page,
  pspListItem,
  sittingListItem,
} from '../../testing/fixtures';
import { settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { tilesFor } from './dashboard';
import { HomePage } from './home.page';

describe('HomePage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([{ path: '', component: HomePage }]);
  });

  afterEach(() => http.verify());

  async function open(role: Role): Promise<HTMLElement> {
    await signIn(role, { associationName: role === 'ASSOCIATION' ? 'Association Le Nid' : null });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/');
    return harness.routeNativeElement as HTMLElement;
  }

  const tileTitles = (el: HTMLElement) =>
    [...el.querySelectorAll('.fr-tile__title')].map((t) => t.textContent?.trim());
  /** The expected tiles, in this order; tiles of other sections may sit between them. */
  const expectTiles = (el: HTMLElement, expected: string[]) =>
    expect(tileTitles(el).filter((t) => expected.includes(t ?? ''))).toEqual(expected);

  it('keeps the line of key figures while they load, so that the tiles below do not move (layout shift)', async () => {
    const el = await open('SECRETARIAT');
    const line = el.querySelector('.cdlp-home-counts');
    expect(line).not.toBeNull();
    expect(line?.querySelector('ul')).toBeNull();
    // The line comes before the tiles, and stays the same element once the figures are there.
    expect(line?.compareDocumentPosition(el.querySelector('.cdlp-tiles') as Node)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    http.expectOne((r) => r.url === '/api/members').flush(page([], 14));
    http.expectOne((r) => r.url === '/api/associations').flush(page([], 1));
    http.expectOne((r) => r.url === '/api/sittings').flush(page([]));
    http.expectOne((r) => r.url === '/api/psp-requests').flush(page([]));
    await settle();
    http.expectOne('/api/sittings/proposals').flush([]);
    await settle();
    expect(el.querySelector('.cdlp-home-counts')).toBe(line);
    expect(line?.querySelector('ul')?.textContent).toContain('14 membres en fonction');
  });

  it('has no line of key figures for a member, who sees neither members nor associations', async () => {
    const el = await open('MEMBER');
    http.expectOne((r) => r.url === '/api/sittings').flush(page([]));
    await settle();
    expect(el.querySelector('.cdlp-home-counts')).toBeNull();
  });

  it('welcomes the secretariat with its tools, the key figures, the proposals and the requests waiting too long', async () => {
    const el = await open('SECRETARIAT');
    http.expectOne((r) => r.url === '/api/members').flush(page([], 14));
    http.expectOne((r) => r.url === '/api/associations').flush(page([], 1));
    const sittings = http.expectOne((r) => r.url === '/api/sittings');
    expect(sittings.request.params.get('upcoming')).toBe('true');
    sittings.flush(page([]));
    const waiting = http.expectOne((r) => r.url === '/api/psp-requests');
    expect(waiting.request.params.get('minDaysWaiting')).toBe('31');
    waiting.flush(page([pspListItem({ reference: 'PSP-33-2026-0004', daysWaiting: 40 })]));
    await settle();
    http.expectOne('/api/sittings/proposals').flush([
      {
        requestId: 'r1',
        reference: 'PSP-33-2026-0004',
        completedAt: '2026-01-10T10:00:00Z',
        daysWaiting: 40,
        nextExaminationSitting: null,
        message: 'x',
      },
    ]);
    await settle();
    expect(el.querySelector('h1')?.textContent).toBe('Bonjour Camille Martin');
    expect(el.textContent).toContain('CDLP de la Gironde (33)');
    expect(el.textContent).toContain('14 membres en fonction');
    expect(el.textContent).toContain('1 association agréée');
    expectTiles(el, [
      'Demandes de parcours de sortie',
      'Nouvelle demande',
      'Parcours',
      'Séances',
      'Programmer une séance',
      'Membres de la commission',
      'Ajouter un membre',
      'Importer des membres',
      'Associations agréées',
      'Courriels envoyés',
      'Mon compte',
    ]);
    expect(el.textContent).toContain('Aucune séance programmée.');
    expect(el.textContent).toContain("Demandes complètes en attente d'examen");
    expect(el.textContent).toContain('PSP-33-2026-0004 : en attente depuis 40 jours');
    expect(el.querySelector('a[href="/demandes/22222222-aaaa-4aaa-8aaa-222222222222"]')?.textContent).toBe(
      'PSP-33-2026-0004',
    );
  });

  it('shows a member the upcoming sittings it is convened to', async () => {
    const el = await open('MEMBER');
    http
      .expectOne((r) => r.url === '/api/sittings')
      .flush(page([sittingListItem({ id: 's1', number: '2026-03', state: 'CONVENED' })]));
    await settle();
    expect(el.querySelector('h2:nth-of-type(2)')?.textContent ?? el.textContent).toContain(
      'Mes prochaines séances',
    );
    const link = el.querySelector<HTMLAnchorElement>('a[href="/seances/s1"]');
    expect(link?.textContent).toContain('Séance n° 2026-03');
    expect(el.textContent).toContain('Convoquée');
    expectTiles(el, ['Séances', 'Mon compte']);
    expect(tileTitles(el)).not.toContain('Programmer une séance');
  });

  it('shows an association its requests in progress', async () => {
    const el = await open('ASSOCIATION');
    http
      .expectOne((r) => r.url === '/api/psp-requests')
      .flush(
        page([
          pspListItem({ state: 'INCOMPLETE', reference: 'PSP-33-2026-0009' }),
          pspListItem({ id: 'done', state: 'DECIDED' }),
        ]),
      );
    await settle();
    expect(el.textContent).toContain('Association Le Nid');
    expect(el.textContent).toContain('Mes demandes en cours');
    expect(el.textContent).toContain('PSP-33-2026-0009');
    expect(el.textContent).toContain('Incomplète');
    expect(el.querySelector('a[href="/demandes/done"]')).toBeNull();
    expectTiles(el, ['Mes demandes', 'Nouvelle demande', 'Parcours', 'Mon compte']);
    expect(tileTitles(el)).not.toContain('Séances');
  });

  it('tells an association without requests', async () => {
    const el = await open('ASSOCIATION');
    http.expectOne((r) => r.url === '/api/psp-requests').flush(page([]));
    await settle();
    expect(el.textContent).toContain('Aucune demande en cours.');
  });

  it('gives the administrator the accounts, the e-mails and the audit log', async () => {
    const el = await open('ADMIN');
    http.expectOne((r) => r.url === '/api/members').flush(page([], 0));
    http.expectOne((r) => r.url === '/api/associations').flush(page([], 0));
    await settle();
    expect(tileTitles(el)).toContain('Comptes utilisateurs');
    expect(tileTitles(el)).toContain("Journal d'audit");
    expect(tileTitles(el)).toContain('Courriels envoyés');
    expect(tileTitles(el)).not.toContain('Ajouter un membre');
    expect(el.textContent).not.toContain('Prochaines séances');
  });
});

describe('HomePage of the national accounts (TENANT-1)', () => {
  let http: HttpTestingController;
  const year = Number(new Date().toISOString().slice(0, 4));

  beforeEach(() => {
    http = setUpPageTest([{ path: '', component: HomePage }]);
  });

  afterEach(() => http.verify());

  async function open(role: 'SUPERVISOR' | 'NATIONAL_ADMIN'): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/');
    return harness.routeNativeElement as HTMLElement;
  }

  it('TENANT-1: shows the supervision the national figures of the year, no département and no département tool', async () => {
    const el = await open('SUPERVISOR');
    const stats = http.expectOne((r) => r.url === '/api/national/statistics');
    expect(Number(stats.request.params.get('year'))).toBeGreaterThanOrEqual(year - 1);
    stats.flush(nationalStatistics());
    await settle();
    expect(el.textContent).toContain('Supervision nationale');
    expect(el.textContent).toContain('au niveau national');
    expect(el.textContent).not.toContain('CDLP de');
    expect(el.textContent).toContain('Délai médian complète → avis (PSP-4) : 34 j');
    expect(el.textContent).toContain('Premières demandes : 21');
    expectTiles(el, ['Statistiques nationales', 'Vérifier un document', 'Mon compte']);
    for (const t of [
      'Départements',
      'Séances',
      'Membres de la commission',
      'Demandes de parcours de sortie',
    ]) {
      expect(tileTitles(el)).not.toContain(t);
    }
    expect(el.textContent).not.toContain('Prochaines séances');
  });

  it('TENANT-1: shows the national administration the open départements and its tools', async () => {
    const el = await open('NATIONAL_ADMIN');
    http.expectOne((r) => r.url === '/api/national/statistics').flush(nationalStatistics());
    http
      .expectOne('/api/national/departements')
      .flush([
        nationalDepartement(),
        nationalDepartement({ code: '79', name: 'Deux-Sèvres', active: false }),
      ]);
    await settle();
    expect(el.textContent).toContain('1 département ouvert sur 2');
    expectTiles(el, ['Statistiques nationales', 'Départements', 'Ouvrir un département', 'Mon compte']);
    expect(el.querySelector('a[href="/national/statistiques"]')).not.toBeNull();
  });

  it('TENANT-1: tells when the national figures cannot be loaded', async () => {
    const el = await open('SUPERVISOR');
    http
      .expectOne((r) => r.url === '/api/national/statistics')
      .flush({ message: 'x' }, { status: 500, statusText: 'Error' });
    await settle();
    expect(el.textContent).toContain('Les chiffres nationaux ne peuvent pas être chargés');
  });

  const tileTitles = (el: HTMLElement) =>
    [...el.querySelectorAll('.fr-tile__title')].map((t) => t.textContent?.trim());
  const expectTiles = (el: HTMLElement, expected: string[]) =>
    expect(tileTitles(el).filter((t) => expected.includes(t ?? ''))).toEqual(expected);
});

describe('tilesFor', () => {
  it('gives every role at least its account', () => {
    for (const role of ROLES) expect(tilesFor(role).map((t) => t.path)).toContain('/mon-compte');
  });
});
