import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideHttpClient } from '@angular/common/http';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ConvocationProgressDto, SittingDto } from '@cdlp/shared';
import { convenedMember, sitting, SITTING_ID } from '../../testing/fixtures';
import { byText, q, settle } from '../../testing/test-helpers';
import {
  CONVOCATION_POLL_LIMIT,
  CONVOCATION_POLL_MS,
  ConvocationDeliveryComponent,
  progressText,
} from './convocation-delivery.component';

const URL = `/api/sittings/${SITTING_ID}`;

@Component({
  imports: [ConvocationDeliveryComponent],
  template: `<cdlp-convocation-delivery [sitting]="sitting()" (changed)="changed.set($event)" />`,
})
class HostComponent {
  readonly sitting = signal<SittingDto>(
    sitting({ state: 'CONVENED', agendaLocked: true, convokedAt: '2026-03-01T09:00:00Z' }),
  );
  readonly changed = signal<SittingDto | null>(null);
}

const progress = (p: Partial<ConvocationProgressDto>): ConvocationProgressDto => ({
  queued: 0,
  sent: 0,
  failed: 0,
  total: 40,
  letters: 0,
  done: false,
  ...p,
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConvocationDeliveryComponent (CONV-1)', () => {
  let http: HttpTestingController;
  const saved: { name: string; size: number }[] = [];

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: CONVOCATION_POLL_MS, useValue: 5 },
        { provide: CONVOCATION_POLL_LIMIT, useValue: 3 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    saved.length = 0;
    // jsdom has no object URLs: keep what would be saved.
    Object.assign(URL_API, {
      createObjectURL: (blob: Blob) => {
        saved.push({ name: '', size: blob.size });
        return 'blob:test';
      },
      revokeObjectURL: () => undefined,
    });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved[saved.length - 1].name = this.download;
    });
  });

  afterEach(() => {
    http.verify();
    jest.restoreAllMocks();
  });

  async function render(): Promise<{ el: HTMLElement; host: HostComponent }> {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    return { el: fixture.nativeElement as HTMLElement, host: fixture.componentInstance };
  }

  it('CONV-1: refreshes the sending progress from the outbox until done, then reads the sitting again', async () => {
    const { el, host } = await render();
    http.expectOne(`${URL}/convocation/letters`).flush([]);
    await settle();
    http.expectOne(`${URL}/convocation/progress`).flush(progress({ queued: 40 }));
    await settle();
    const bar = q(el, 'cdlp-progress progress');
    expect(bar.getAttribute('value')).toBe('0');
    expect(bar.getAttribute('max')).toBe('40');
    expect(q(el, 'cdlp-progress').textContent).toContain('Envoi des convocations par courriel');
    expect(q(el, '[aria-live=polite]').textContent).toContain("0 envoyée sur 40, 40 en file d'attente.");

    await wait(10);
    http.expectOne(`${URL}/convocation/progress`).flush(progress({ queued: 28, sent: 12 }));
    await settle();
    expect(q(el, 'cdlp-progress progress').getAttribute('value')).toBe('12');
    expect(q(el, '[aria-live=polite]').textContent).toContain("12 envoyées sur 40, 28 en file d'attente.");

    await wait(10);
    http.expectOne(`${URL}/convocation/progress`).flush(progress({ sent: 39, failed: 1, done: true }));
    await settle();
    expect(q(el, 'cdlp-progress progress').getAttribute('value')).toBe('40');
    expect(q(el, '[aria-live=polite]').textContent).toContain(
      'Envoi terminé : 39 convocations envoyées sur 40, 1 échec.',
    );
    // Done: the per-member statuses are read again once, and the polling stops.
    const fresh = sitting({ state: 'CONVENED', members: [convenedMember({ convocationStatus: 'SENT' })] });
    http.expectOne(URL).flush(fresh);
    await settle();
    expect(host.changed()).toEqual(fresh);
    await wait(20);
    http.expectNone(`${URL}/convocation/progress`);
  });

  it('CONV-1: lists the members without an e-mail address and downloads one letter or all of them', async () => {
    const { el } = await render();
    http
      .expectOne(`${URL}/convocation/progress`)
      .flush(progress({ sent: 38, total: 38, letters: 2, done: true }));
    http.expectOne(`${URL}/convocation/letters`).flush([
      { memberId: 'm1', name: 'Mme Hélène Castaing', forInformationOf: null, producedAt: null },
      { memberId: 's1', name: 'M. Étienne Raynal', forInformationOf: 'Mme Claire Morvan', producedAt: null },
    ]);
    await settle();
    const panel = q(el, '#convocations-courrier');
    expect(panel.textContent).toContain("2 membres n’ont pas d'adresse électronique");
    expect(byText(panel, 'tr', 'Raynal').textContent).toContain(
      'Suppléant(e) de Mme Claire Morvan, pour information',
    );
    expect(byText(panel, 'tr', 'Castaing').textContent).toContain('Non produite');

    byText<HTMLButtonElement>(byText(panel, 'tr', 'Castaing'), 'button', 'Télécharger').click();
    const one = http.expectOne({ method: 'POST', url: `${URL}/convocation/letters.pdf` });
    expect(one.request.body).toEqual({ memberId: 'm1' });
    expect(one.request.responseType).toBe('blob');
    one.flush(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), {
      headers: {
        'content-disposition': 'attachment; filename="convocation-courrier-seance-2026-04-castaing.pdf"',
      },
    });
    await settle();
    expect(saved).toEqual([{ name: 'convocation-courrier-seance-2026-04-castaing.pdf', size: 8 }]);
    expect(panel.textContent).toContain('La lettre de Mme Hélène Castaing a été produite.');
    http.expectOne(`${URL}/convocation/letters`).flush([
      {
        memberId: 'm1',
        name: 'Mme Hélène Castaing',
        forInformationOf: null,
        producedAt: '2026-03-02T10:00:00Z',
      },
      { memberId: 's1', name: 'M. Étienne Raynal', forInformationOf: 'Mme Claire Morvan', producedAt: null },
    ]);
    await settle();
    expect(byText(panel, 'tr', 'Castaing').textContent).toContain('Produite le lundi 2 mars 2026 à 11 h 00');

    byText<HTMLButtonElement>(panel, 'button', 'Télécharger toutes les lettres (PDF)').click();
    const all = http.expectOne({ method: 'POST', url: `${URL}/convocation/letters.pdf` });
    expect(all.request.body).toEqual({});
    // An error of a download comes as a Blob: its French message is shown.
    all.flush(new Blob([JSON.stringify({ statusCode: 409, message: "La séance n'est pas convoquée." })]), {
      status: 409,
      statusText: 'Conflict',
    });
    await wait(5);
    await settle();
    expect(q(panel, '[role=alert]').textContent).toContain("La séance n'est pas convoquée.");
  });

  it('stops reading after its limit while a message is still retried, and says so', async () => {
    const { el } = await render();
    http.expectOne(`${URL}/convocation/letters`).flush([]);
    for (let reading = 0; reading < 3; reading++) {
      if (reading > 0) await wait(10);
      http.expectOne(`${URL}/convocation/progress`).flush(progress({ queued: 1, sent: 39 }));
    }
    await wait(20);
    await settle();
    http.expectNone(`${URL}/convocation/progress`);
    expect(q(el, '[aria-live=polite]').textContent).toContain(
      "39 envoyées sur 40, 1 en file d'attente. L'envoi se poursuit : rechargez la page pour en suivre la fin.",
    );
  });

  it('writes the progress text in French, singular and plural', () => {
    expect(progressText(progress({ total: 0, done: true }))).toBe(
      'Aucune convocation à envoyer par courriel.',
    );
    expect(progressText(progress({ total: 1, sent: 1, done: true }))).toBe(
      'Envoi terminé : 1 convocation envoyée sur 1.',
    );
  });
});

const URL_API = globalThis.URL as unknown as { createObjectURL: unknown; revokeObjectURL: unknown };
