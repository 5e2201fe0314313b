import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ImportLineError, ImportResultDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { MembersApi } from './members.api';
import { TableComponent } from '../ui/table.component';

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The columns of the CSV, as the API reads them (api/src/registry/member-import.service.ts).
 * Headers are case-insensitive; optional columns may be left out.
 */
export const IMPORT_COLUMNS: { name: string; description: string }[] = [
  { name: 'civilite', description: 'Mme ou M.' },
  { name: 'prenom', description: 'prénom' },
  { name: 'nom', description: 'nom' },
  { name: 'categorie', description: 'code de la catégorie de membre' },
  { name: 'organisme', description: 'service, assemblée ou organisme représenté' },
  { name: 'fonction', description: 'fonction' },
  { name: 'email', description: 'adresse électronique (vide : convocations envoyées par courrier)' },
  { name: 'telephone', description: 'téléphone (facultatif)' },
  { name: 'arrete', description: "référence de l'arrêté de nomination" },
  { name: 'debut_mandat', description: 'début du mandat, JJ/MM/AAAA ou AAAA-MM-JJ' },
  { name: 'fin_mandat', description: 'fin prévue du mandat (facultatif)' },
  { name: 'droit_de_vote', description: 'oui ou non (oui par défaut)' },
  { name: 'siege', description: 'TITULAIRE ou SUPPLEANT' },
  { name: 'designation', description: 'EX_OFFICIO, ELECTED, QUALIFIED_PERSON ou REPRESENTATIVE' },
  { name: 'email_titulaire', description: 'pour un suppléant : adresse électronique du titulaire suppléé' },
  { name: 'exclu_examens_psp', description: 'oui ou non (facultatif : valeur par défaut de la catégorie)' },
  { name: 'adresse_postale', description: 'adresse postale (facultatif)' },
];

@Component({
  selector: 'cdlp-member-import-page',
  imports: [TableComponent, RouterLink, AlertComponent, BreadcrumbComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[{ label: 'Membres', path: '/membres' }, { label: 'Importer des membres' }]"
      />
      <h1>Importer des membres</h1>
      <p>
        Ajoutez plusieurs membres en une fois à partir d'un fichier CSV (encodage UTF-8, une ligne d'en-tête,
        séparateur virgule ou point-virgule). Si une seule ligne est invalide, aucun membre n'est importé :
        corrigez le fichier puis recommencez.
      </p>
      <details class="fr-mb-4w">
        <summary>Colonnes attendues</summary>
        <ul>
          @for (c of columns; track c.name) {
            <li>
              <code>{{ c.name }}</code> : {{ c.description }}
            </li>
          }
        </ul>
      </details>

      @if (result(); as r) {
        <cdlp-alert kind="success" heading="Import terminé">
          {{ r.imported }} membre{{ r.imported > 1 ? 's' : '' }} importé{{ r.imported > 1 ? 's' : '' }}.
        </cdlp-alert>
        <p><a class="fr-link" routerLink="/membres">Voir la liste des membres</a></p>
      }
      @if (error(); as message) {
        <cdlp-alert kind="error" heading="Le fichier n'a pas été importé">{{ message }}</cdlp-alert>
      }
      @if (lineErrors().length > 0) {
        <div
          class="fr-table fr-table--multiline"
          id="erreurs-import"
          cdlpTable="Erreurs par ligne du fichier"
          [columns]="['Ligne', 'Colonne', 'Erreur']"
        >
          <tbody>
            @for (e of lineErrors(); track $index) {
              <tr>
                <td>{{ e.line }}</td>
                <td>
                  @if (e.field) {
                    <code>{{ e.field }}</code>
                  } @else {
                    -
                  }
                </td>
                <td>{{ e.message }}</td>
              </tr>
            }
          </tbody>
        </div>
      }

      <form (submit)="submit($event)" novalidate>
        <div class="fr-upload-group fr-mb-4w" [class.fr-upload-group--error]="fileError()">
          <label class="fr-label" for="fichier-csv">
            Fichier CSV des membres
            <span class="fr-hint-text">Format accepté : .csv. Taille maximale : 2 Mo.</span>
          </label>
          <input
            #fileInput
            class="fr-upload"
            type="file"
            id="fichier-csv"
            name="file"
            accept=".csv,text/csv"
            aria-describedby="fichier-csv-messages"
            [attr.aria-invalid]="fileError() ? true : null"
            (change)="onFileChange()"
          />
          <div class="fr-messages-group" id="fichier-csv-messages" aria-live="polite">
            @if (fileError(); as message) {
              <p class="fr-message fr-message--error">{{ message }}</p>
            }
          </div>
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" class="fr-btn fr-icon-upload-line fr-btn--icon-left" [disabled]="pending()">
              Importer le fichier
            </button>
          </li>
          <li><a class="fr-btn fr-btn--secondary" routerLink="/membres">Retour à la liste</a></li>
        </ul>
      </form>
    </div>
  `,
})
export class MemberImportPage {
  private readonly api = inject(MembersApi);
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');

  readonly columns = IMPORT_COLUMNS;
  readonly pending = signal(false);
  readonly result = signal<ImportResultDto | null>(null);
  readonly error = signal<string | null>(null);
  readonly fileError = signal<string | null>(null);
  readonly lineErrors = signal<ImportLineError[]>([]);

  onFileChange(): void {
    this.fileError.set(null);
  }

  submit(event: Event): void {
    event.preventDefault();
    this.result.set(null);
    this.error.set(null);
    this.lineErrors.set([]);
    const input = this.fileInput().nativeElement;
    const file = input.files?.[0];
    const problem = !file
      ? 'Sélectionnez un fichier CSV.'
      : !/\.csv$/i.test(file.name)
        ? 'Le fichier doit être au format CSV (extension .csv).'
        : file.size > IMPORT_MAX_BYTES
          ? 'Le fichier dépasse la taille maximale de 2 Mo.'
          : null;
    if (problem || !file) {
      this.fileError.set(problem);
      input.focus();
      return;
    }
    this.pending.set(true);
    this.api.importCsv(file).subscribe({
      next: (r) => {
        this.pending.set(false);
        this.result.set(r);
        this.lineErrors.set(r.errors ?? []);
        input.value = '';
      },
      error: (err: unknown) => {
        this.pending.set(false);
        const apiError = toApiError(err);
        this.error.set(apiError.message);
        this.lineErrors.set(apiError.lineErrors);
      },
    });
  }
}
