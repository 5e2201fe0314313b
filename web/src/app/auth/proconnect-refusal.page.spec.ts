import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { PROCONNECT_REFUSAL_TEXTS } from '@cdlp/shared';
import { q } from '../../testing/test-helpers';
import { ProConnectRefusalPage } from './proconnect-refusal.page';

describe('ProConnectRefusalPage', () => {
  async function open(url: string): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'connexion/refus', component: ProConnectRefusalPage }])],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  it('explains an unknown e-mail and what to do next', async () => {
    const el = await open('/connexion/refus?motif=UNKNOWN_EMAIL');
    const text = PROCONNECT_REFUSAL_TEXTS.UNKNOWN_EMAIL;
    expect(q(el, 'h1').textContent).toBe(text.title);
    expect(el.textContent).toContain(text.message);
    expect(el.textContent).toContain(text.next);
    expect(q<HTMLAnchorElement>(el, 'a.fr-btn').getAttribute('href')).toBe('/connexion');
  });

  it.each(['NOT_INVITED', 'ASSOCIATION_ACCOUNT', 'INVALID_STATE', 'FAILED'] as const)('shows the French text of %s', async (motif) => {
    const el = await open(`/connexion/refus?motif=${motif}`);
    expect(q(el, 'h1').textContent).toBe(PROCONNECT_REFUSAL_TEXTS[motif].title);
  });

  it('reads an unknown reason as the generic failure', async () => {
    const el = await open('/connexion/refus?motif=<script>');
    expect(q(el, 'h1').textContent).toBe(PROCONNECT_REFUSAL_TEXTS.FAILED.title);
  });
});
