import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { PASSWORD_MIN_LENGTH, ROLE_LABELS, type SessionDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { matchesControl } from '../ui/validators';
import { AccountApi } from './account.api';

/** A short, readable description of a browser from its user agent. */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Navigateur inconnu';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Navigateur';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return os ? `${browser} sous ${os}` : browser;
}

@Component({
  selector: 'cdlp-account-page',
  imports: [FORM_FIELDS, AlertComponent, InstantPipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Mon compte</h1>
      @if (user(); as u) {
        <h2 class="fr-h4">Mes informations</h2>
        <dl class="cdlp-details">
          <dt>Nom</dt>
          <dd>{{ u.firstName }} {{ u.lastName }}</dd>
          <dt>Adresse électronique</dt>
          <dd>{{ u.email }}</dd>
          <dt>Rôle</dt>
          <dd>{{ roleLabel() }}</dd>
          @if (u.associationName) {
            <dt>Association</dt>
            <dd>{{ u.associationName }}</dd>
          }
          <dt>Département</dt>
          @if (national()) {
            <dd>Aucun : compte national, sans accès aux dossiers des départements</dd>
          } @else {
            <dd>{{ commission() ?? u.departementName }} ({{ u.departementCode }})</dd>
          }
        </dl>
        <p class="fr-text--sm">
          @if (national()) {
            Pour corriger ces informations, adressez-vous à l’administration nationale du portail.
          } @else {
            Pour corriger ces informations, adressez-vous au secrétariat de la commission.
          }
        </p>
      }

      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-8">
          <h2 class="fr-h4 fr-mt-4w">Changer mon mot de passe</h2>
          @if (passwordSuccess()) {
            <cdlp-alert kind="success">Votre mot de passe a été modifié.</cdlp-alert>
          }
          <cdlp-alert kind="error" [text]="password.error()" />
          <form [formGroup]="passwordForm" [cdlpForm]="password" (ngSubmit)="changePassword()" novalidate>
            <cdlp-input
              fieldId="currentPassword"
              label="Mot de passe actuel"
              type="password"
              autocomplete="current-password"
              [control]="passwordForm.controls.currentPassword"
            />
            <cdlp-input
              fieldId="newPassword"
              label="Nouveau mot de passe"
              [hint]="'Au moins ' + minLength + ' caractères.'"
              type="password"
              autocomplete="new-password"
              [control]="passwordForm.controls.newPassword"
            />
            <cdlp-input
              fieldId="confirmation"
              label="Confirmation du nouveau mot de passe"
              type="password"
              autocomplete="new-password"
              [control]="passwordForm.controls.confirmation"
            />
            <button type="submit" class="fr-btn" [disabled]="password.pending()">
              Changer mon mot de passe
            </button>
          </form>
        </div>
      </div>

      <h2 class="fr-h4 fr-mt-6w">Mes sessions actives</h2>
      <p>Si vous ne reconnaissez pas une session, révoquez-la puis changez votre mot de passe.</p>
      @if (sessionsMessage(); as m) {
        <cdlp-alert [kind]="m.kind">{{ m.text }}</cdlp-alert>
      }
      @if (sessions(); as list) {
        <div
          class="fr-table fr-table--multiline"
          id="table-sessions"
          cdlpTable="Sessions ouvertes avec mon compte"
          [columns]="['Appareil', 'Ouverte le', 'Dernière activité', 'Action']"
        >
          <tbody>
            @for (s of list; track s.id) {
              <tr>
                <td>
                  {{ device(s) }}
                  @if (s.current) {
                    <p class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon fr-ml-1w">
                      Session actuelle
                    </p>
                  }
                </td>
                <td>{{ s.createdAt | instant }}</td>
                <td>{{ s.lastSeenAt | instant }}</td>
                <td>
                  @if (!s.current) {
                    <button
                      type="button"
                      class="fr-btn fr-btn--sm fr-btn--secondary"
                      [attr.aria-label]="
                        'Révoquer la session ' + device(s) + ' ouverte le ' + (s.createdAt | instant)
                      "
                      (click)="revoke(s)"
                    >
                      Révoquer
                    </button>
                  } @else {
                    <span class="cdlp-empty">-</span>
                  }
                </td>
              </tr>
            }
          </tbody>
        </div>
      } @else {
        <p role="status">Chargement des sessions…</p>
      }
    </div>
  `,
})
export class AccountPage {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);

  readonly minLength = PASSWORD_MIN_LENGTH;
  readonly user = this.auth.user;
  readonly national = this.auth.isNational;
  readonly commission = this.auth.commission;
  readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? ROLE_LABELS[role] : '';
  });

  readonly passwordForm = new FormGroup({
    currentPassword: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    newPassword: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
    }),
    confirmation: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  readonly password = createFormState();
  readonly passwordSuccess = signal(false);

  readonly sessions = signal<SessionDto[] | null>(null);
  readonly sessionsMessage = signal<{ kind: 'success' | 'error'; text: string } | null>(null);

  constructor() {
    this.passwordForm.controls.confirmation.addValidators(
      matchesControl(
        this.passwordForm.controls.newPassword,
        'La confirmation ne correspond pas au nouveau mot de passe.',
      ),
    );
    this.loadSessions();
  }

  device(s: SessionDto): string {
    return describeUserAgent(s.userAgent);
  }

  changePassword(): void {
    this.passwordSuccess.set(false);
    this.passwordForm.controls.confirmation.updateValueAndValidity();
    if (!this.password.begin(this.passwordForm)) return;
    const { currentPassword, newPassword } = this.passwordForm.getRawValue();
    this.password.send(this.api.changePassword(currentPassword, newPassword), () => {
      this.passwordSuccess.set(true);
      this.password.submitted.set(false);
      this.passwordForm.reset();
    });
  }

  revoke(session: SessionDto): void {
    this.sessionsMessage.set(null);
    this.api.revokeSession(session.id).subscribe({
      next: () => {
        this.sessionsMessage.set({ kind: 'success', text: 'La session a été révoquée.' });
        this.loadSessions();
      },
      error: (err: unknown) => this.sessionsMessage.set({ kind: 'error', text: toApiError(err).message }),
    });
  }

  private loadSessions(): void {
    this.api.sessions().subscribe({
      next: (list) => this.sessions.set(list),
      error: (err: unknown) => {
        this.sessions.set([]);
        this.sessionsMessage.set({ kind: 'error', text: toApiError(err).message });
      },
    });
  }
}
