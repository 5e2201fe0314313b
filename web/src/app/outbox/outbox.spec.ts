import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { outboxMessage, page } from '../../testing/fixtures';
import { byText, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { OutboxListPage } from './outbox-list.page';
import { OutboxMessagePage } from './outbox-message.page';

const ID = outboxMessage().id;

describe('outbox pages', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'administration/courriels', component: OutboxListPage },
      { path: 'administration/courriels/:id', component: OutboxMessagePage },
    ]);
  });

  afterEach(() => http.verify());

  async function go(url: string): Promise<HTMLElement> {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  it('lists the messages with their delivery status and filters them by status', async () => {
    const el = await go('/administration/courriels');
    http
      .expectOne((r) => r.url === '/api/outbox')
      .flush(page([outboxMessage(), outboxMessage({ id: 'x2', status: 'SENT', lastError: null })]));
    await settle();
    const rows = el.querySelectorAll('tbody tr');
    expect(rows[0].textContent).toContain('Échec');
    expect(rows[0].textContent).toContain('Connection refused');
    expect(rows[0].textContent).toContain('Convocation');
    expect(rows[1].textContent).toContain('Envoyé');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe(`/administration/courriels/${ID}`);
    const status = q<HTMLSelectElement>(el, '#status');
    status.value = 'FAILED';
    status.dispatchEvent(new Event('change'));
    byText<HTMLButtonElement>(el, 'button', 'Filtrer').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/administration/courriels?status=FAILED');
    http.expectOne((r) => r.url === '/api/outbox' && r.params.get('status') === 'FAILED').flush(page([]));
  });

  it('shows a message: its HTML in a sandboxed frame (no script runs), its text, and sends it again', async () => {
    const el = await go(`/administration/courriels/${ID}`);
    http.expectOne(`/api/outbox/${ID}`).flush(outboxMessage());
    await settle();
    expect(el.querySelector('h1')?.textContent).toBe('Convocation : séance n° 2026-04');
    const frame = q<HTMLIFrameElement>(el, 'iframe');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('title')).toBe('Contenu HTML du courriel : Convocation : séance n° 2026-04');
    expect(frame.srcdoc).toContain('<strong>vous êtes convoquée</strong>');
    expect(q(el, 'pre').textContent).toContain('Vous êtes convoquée.');
    expect(el.textContent).toContain('ordre-du-jour.pdf (application/pdf)');
    byText<HTMLButtonElement>(el, 'button', 'Renvoyer').click();
    http
      .expectOne({ method: 'POST', url: `/api/outbox/${ID}/resend` })
      .flush({ ...outboxMessage(), status: 'QUEUED' });
    await settle();
    expect(el.textContent).toContain("Le message est remis dans la file d'envoi.");
    expect(el.textContent).toContain('En attente d’envoi');
  });
});
