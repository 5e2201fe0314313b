import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { OutboxMessageDto } from '@cdlp/shared';
import { catchError, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { InstantPipe } from '../ui/dates';
import { outboxStatusBadge, outboxStatusLabel, templateLabel } from './outbox-labels';
import { OutboxApi } from './outbox.api';

/**
 * One message: metadata, text version, and the HTML version in a sandboxed iframe (srcdoc, no
 * script, no same-origin access): the HTML of an e-mail never runs in the portal's page.
 */
@Component({
  selector: 'cdlp-outbox-message-page',
  imports: [RouterLink, AlertComponent, BreadcrumbComponent, InstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[{ label: 'Courriels', path: '/administration/courriels' }, { label: title() }]"
      />
      <h1>{{ title() }}</h1>
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="error()" />
      @if (message(); as m) {
        <dl class="cdlp-details">
          <dt>Destinataire</dt>
          <dd>{{ m.recipient }}</dd>
          <dt>Type</dt>
          <dd>{{ template() }}</dd>
          <dt>État</dt>
          <dd>
            <p class="fr-badge fr-badge--sm" [class]="badge()">{{ status() }}</p>
          </dd>
          <dt>Créé le</dt>
          <dd>{{ m.createdAt | instant }}</dd>
          @if (m.sentAt) {
            <dt>Envoyé le</dt>
            <dd>{{ m.sentAt | instant }}</dd>
          }
          <dt>Tentatives</dt>
          <dd>{{ m.attempts }}</dd>
          @if (m.lastError) {
            <dt>Dernière erreur</dt>
            <dd>{{ m.lastError }}</dd>
          }
          <dt>Pièces jointes</dt>
          <dd>
            @if (m.attachments.length === 0) {
              Aucune
            } @else {
              <ul class="fr-mb-0">
                @for (a of m.attachments; track a.filename) {
                  <li>{{ a.filename }} ({{ a.contentType }})</li>
                }
              </ul>
            }
          </dd>
        </dl>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <button
              type="button"
              class="fr-btn fr-btn--secondary fr-icon-refresh-line"
              [disabled]="busy()"
              (click)="resend()"
            >
              Renvoyer
            </button>
          </li>
        </ul>
        <h2 class="fr-h4">Version HTML</h2>
        <iframe
          #html
          class="cdlp-mail-frame"
          sandbox=""
          referrerpolicy="no-referrer"
          [title]="'Contenu HTML du courriel : ' + m.subject"
        ></iframe>
        <h2 class="fr-h4 fr-mt-4w">Version texte</h2>
        <pre class="cdlp-mail-text">{{ m.textBody }}</pre>
      } @else if (!error()) {
        <p role="status">Chargement du courriel…</p>
      }
      <p class="fr-mt-4w">
        <a class="fr-link" routerLink="/administration/courriels">Retour à la liste des courriels</a>
      </p>
    </div>
  `,
})
export class OutboxMessagePage {
  private readonly api = inject(OutboxApi);
  readonly id = input.required<string>();
  readonly message = signal<OutboxMessageDto | null>(null);
  readonly error = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly busy = signal(false);
  private readonly frame = viewChild<ElementRef<HTMLIFrameElement>>('html');

  readonly title = computed(() => this.message()?.subject ?? 'Courriel');
  readonly status = computed(() => {
    const v = this.message();
    return v ? outboxStatusLabel(v) : '';
  });
  readonly badge = computed(() => {
    const v = this.message();
    return v ? outboxStatusBadge(v) : '';
  });
  readonly template = computed(() => {
    const v = this.message();
    return v ? templateLabel(v.template) : '';
  });

  constructor() {
    dynamicTitle(() => (this.message() ? this.title() : null));
    toObservable(this.id)
      .pipe(
        tap(() => this.error.set(null)),
        switchMap((id) =>
          this.api.get(id).pipe(
            catchError((err: unknown) => {
              this.error.set(toApiError(err).message);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((m) => this.message.set(m));
    // srcdoc is written on the element itself: Angular's sanitiser would strip the e-mail's styles.
    effect(() => {
      const frame = this.frame()?.nativeElement;
      const m = this.message();
      if (frame && m) frame.srcdoc = m.htmlBody || '<p>(pas de version HTML)</p>';
    });
  }

  resend(): void {
    const m = this.message();
    if (!m) return;
    this.busy.set(true);
    this.error.set(null);
    this.api.resend(m.id).subscribe({
      next: (copy) => {
        this.busy.set(false);
        this.success.set(
          copy.id === m.id
            ? "Le message est remis dans la file d'envoi."
            : "Une copie du message est placée dans la file d'envoi.",
        );
        this.message.set({ ...m, status: copy.id === m.id ? copy.status : m.status });
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
