import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, OnInit, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  AUTO_INDICATOR_LABELS,
  AUTO_INDICATORS,
  type AssociationDto,
  type MemberDto,
  type PartyDto,
} from '@cdlp/shared';
import { memberName } from '../members/member-labels';
import { InputFieldComponent, Option, RadiosFieldComponent, SelectFieldComponent } from '../ui/form-fields';
import type { ActionForm, IndicatorForm } from './strategy-forms';

/** A member or an association of the registry, to lead or join an action. */
export interface RegistryParty {
  kind: 'm' | 'a';
  id: string;
  /** The organisation's name, stored in the strategy. */
  name: string;
  /** What the select shows. */
  label: string;
}

export function memberParty(m: MemberDto): RegistryParty {
  return { kind: 'm', id: m.id, name: m.organisation, label: `${m.organisation} (${memberName(m)})` };
}

export function associationParty(a: AssociationDto): RegistryParty {
  return { kind: 'a', id: a.id, name: a.name, label: a.name };
}

/** The select value of a party: "m:<id>", "a:<id>", "libre" (free text) or "" (none). */
export function partyChoice(p: PartyDto | null): string {
  if (!p) return '';
  if (p.memberId) return `m:${p.memberId}`;
  if (p.associationId) return `a:${p.associationId}`;
  return 'libre';
}

export function partyLabel(p: PartyDto): string {
  return p.name;
}

/**
 * A party (lead or partner) chosen from the registry (members and associations the user may
 * read) or typed as free text when it is not in the registry, or when the user cannot read it.
 */
@Component({
  selector: 'cdlp-party-field',
  imports: [ReactiveFormsModule, InputFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (registry().length > 0) {
      <div class="fr-select-group">
        <label class="fr-label" [for]="fieldId()">
          {{ label() }} (facultatif)
          <span class="fr-hint-text">Un membre ou une association de l'annuaire, ou un autre organisme à saisir.</span>
        </label>
        <select class="fr-select" [id]="fieldId()" [name]="fieldId()" [formControl]="choice">
          <option value="">Aucun</option>
          @if (members().length > 0) {
            <optgroup label="Membres de la commission">
              @for (p of members(); track p.id) {
                <option [value]="'m:' + p.id">{{ p.label }}</option>
              }
            </optgroup>
          }
          @if (associations().length > 0) {
            <optgroup label="Associations agréées">
              @for (p of associations(); track p.id) {
                <option [value]="'a:' + p.id">{{ p.label }}</option>
              }
            </optgroup>
          }
          <option value="libre">Autre organisme (saisie libre)</option>
        </select>
      </div>
      @if (choiceValue() === 'libre') {
        <cdlp-input [fieldId]="fieldId() + '-libre'" [label]="label() + ' : nom de l’organisme'" [control]="free" />
      }
    } @else {
      <cdlp-input
        [fieldId]="fieldId()"
        [label]="label() + ' : nom de l’organisme'"
        [optional]="true"
        [control]="free"
      />
    }
  `,
  styles: `
    :host { display: block; margin-bottom: 1.5rem; }
    .fr-select-group { margin-bottom: 1rem; }
  `,
})
export class PartyFieldComponent implements OnInit {
  private readonly destroyRef = inject(DestroyRef);
  readonly control = input.required<FormControl<PartyDto | null>>();
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly parties = input<RegistryParty[]>([]);

  readonly choice = new FormControl('', { nonNullable: true });
  readonly free = new FormControl('', { nonNullable: true });
  readonly choiceValue = signal('');
  /** The value held when the page opened: kept as an option even if it left the registry since. */
  private readonly initial = signal<PartyDto | null>(null);

  readonly registry = computed(() => {
    const list = [...this.parties()];
    const p = this.initial();
    if (list.length > 0 && p) {
      if (p.memberId && !list.some((x) => x.kind === 'm' && x.id === p.memberId)) {
        list.push({ kind: 'm', id: p.memberId, name: p.name, label: p.name });
      }
      if (p.associationId && !list.some((x) => x.kind === 'a' && x.id === p.associationId)) {
        list.push({ kind: 'a', id: p.associationId, name: p.name, label: p.name });
      }
    }
    return list;
  });
  readonly members = computed(() => this.registry().filter((p) => p.kind === 'm'));
  readonly associations = computed(() => this.registry().filter((p) => p.kind === 'a'));

  ngOnInit(): void {
    this.initial.set(this.control().value);
    this.derive(this.control().value);
    this.control()
      .valueChanges.pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((v) => this.derive(v));
    this.choice.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((c) => {
      this.choiceValue.set(c);
      this.push();
    });
    this.free.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.push());
  }

  /** Shows a value set from outside (loading, reset after adding a partner). */
  private derive(v: PartyDto | null): void {
    const c = partyChoice(v);
    this.choice.setValue(c, { emitEvent: false });
    this.choiceValue.set(c);
    this.free.setValue(c === 'libre' && v ? v.name : '', { emitEvent: false });
  }

  /** Writes the chosen party to the form, without echoing back. */
  private push(): void {
    let value: PartyDto | null = null;
    const c = this.registry().length > 0 ? this.choice.value : 'libre';
    if (c === 'libre') {
      const name = this.free.value.trim();
      value = name ? { name } : null;
    } else if (c) {
      const [kind, id] = [c.slice(0, 1), c.slice(2)];
      const p = this.registry().find((x) => x.kind === kind && x.id === id);
      if (p) value = kind === 'm' ? { name: p.name, memberId: p.id } : { name: p.name, associationId: p.id };
    }
    this.control().setValue(value, { emitEvent: false });
    this.control().markAsDirty();
  }
}

/** The partners of an action: a list with remove buttons, and a party field to add one. */
@Component({
  selector: 'cdlp-partners-field',
  imports: [PartyFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="fr-fieldset cdlp-partners" [attr.aria-labelledby]="fieldId() + '-legende'">
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular" [id]="fieldId() + '-legende'">
        Partenaires (facultatif)
      </legend>
      <div class="fr-fieldset__element">
        <div class="cdlp-fields">
        @if (partners().length === 0) {
          <p class="cdlp-empty fr-mb-2w">Aucun partenaire.</p>
        } @else {
          <ul class="fr-mb-2w">
            @for (p of partners(); track $index) {
              <li>
                {{ p.name }}
                <button type="button" class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" (click)="remove($index)">
                  Retirer<span class="fr-sr-only"> le partenaire {{ p.name }}</span>
                </button>
              </li>
            }
          </ul>
        }
        <cdlp-party-field [fieldId]="fieldId() + '-ajout'" label="Partenaire à ajouter" [parties]="parties()" [control]="pending" />
        <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-add-line fr-btn--icon-left" (click)="add()">
          Ajouter le partenaire
        </button>
        <p class="fr-sr-only" aria-live="polite">{{ announce() }}</p>
        </div>
      </div>
    </fieldset>
  `,
})
export class PartnersFieldComponent implements OnInit {
  private readonly destroyRef = inject(DestroyRef);
  readonly control = input.required<FormControl<PartyDto[]>>();
  readonly fieldId = input.required<string>();
  readonly parties = input<RegistryParty[]>([]);
  readonly pending = new FormControl<PartyDto | null>(null);
  readonly partners = signal<PartyDto[]>([]);
  readonly announce = signal('');

  ngOnInit(): void {
    this.partners.set(this.control().value);
    this.control()
      .valueChanges.pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((v) => this.partners.set(v));
  }

  add(): void {
    const p = this.pending.value;
    if (!p) {
      this.announce.set('Choisissez ou saisissez d’abord le partenaire à ajouter.');
      return;
    }
    const same = (x: PartyDto) =>
      (p.memberId && x.memberId === p.memberId) || (p.associationId && x.associationId === p.associationId) || x.name === p.name;
    if (!this.partners().some(same)) {
      this.control().setValue([...this.partners(), p]);
      this.control().markAsDirty();
      this.announce.set(`${p.name} est ajouté aux partenaires.`);
    } else {
      this.announce.set(`${p.name} figure déjà parmi les partenaires.`);
    }
    this.pending.setValue(null);
  }

  remove(index: number): void {
    const removed = this.partners()[index];
    this.control().setValue(this.partners().filter((_, i) => i !== index));
    this.control().markAsDirty();
    this.announce.set(`${removed?.name ?? 'Le partenaire'} est retiré des partenaires.`);
  }
}

const STATUS_OPTIONS: Option[] = ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }));

/** The fields of one action (STRAT-1: lead and partners, dates, budget, funding, status). */
@Component({
  selector: 'cdlp-action-fields',
  imports: [ReactiveFormsModule, InputFieldComponent, SelectFieldComponent, PartyFieldComponent, PartnersFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="fr-fieldset cdlp-block" [id]="prefix()" [attr.aria-labelledby]="prefix() + '-legende'">
      <legend class="fr-fieldset__legend" [id]="prefix() + '-legende'" tabindex="-1">
        Action {{ number() }}{{ form().controls.title.value ? ' : ' + form().controls.title.value : '' }}
      </legend>
      <div class="fr-fieldset__element">
        <div class="cdlp-fields">
        <cdlp-input
          [fieldId]="prefix() + '-titre'"
          label="Intitulé de l'action"
          [control]="form().controls.title"
          [serverError]="errors()['title']"
          [submitted]="submitted()"
        />
        <cdlp-input
          [fieldId]="prefix() + '-description'"
          label="Description"
          [optional]="true"
          [multiline]="true"
          [rows]="3"
          [control]="form().controls.description"
          [serverError]="errors()['description']"
          [submitted]="submitted()"
        />
        <cdlp-party-field
          [fieldId]="prefix() + '-pilote'"
          label="Pilote"
          [parties]="parties()"
          [control]="form().controls.lead"
        />
        <cdlp-partners-field [fieldId]="prefix() + '-partenaires'" [parties]="parties()" [control]="form().controls.partners" />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <cdlp-input
              [fieldId]="prefix() + '-debut'"
              label="Début"
              type="date"
              [optional]="true"
              [control]="form().controls.startDate"
              [serverError]="errors()['startDate']"
              [submitted]="submitted()"
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <cdlp-input
              [fieldId]="prefix() + '-echeance'"
              label="Échéance"
              type="date"
              [optional]="true"
              [control]="form().controls.deadline"
              [serverError]="deadlineError()"
              [submitted]="submitted()"
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <cdlp-input
              [fieldId]="prefix() + '-budget'"
              label="Budget (euros)"
              hint="Par exemple : 12000 ou 2500,50"
              inputmode="decimal"
              [optional]="true"
              [control]="form().controls.budget"
              [serverError]="errors()['budget']"
              [submitted]="submitted()"
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <cdlp-input
              [fieldId]="prefix() + '-financement'"
              label="Financement"
              hint="Par exemple : programme 137, crédits départementaux"
              [optional]="true"
              [control]="form().controls.fundingSource"
              [serverError]="errors()['fundingSource']"
              [submitted]="submitted()"
            />
          </div>
        </div>
        <cdlp-select
          [fieldId]="prefix() + '-statut'"
          label="Statut"
          [placeholder]="null"
          [options]="statusOptions"
          [control]="form().controls.status"
          [serverError]="errors()['status']"
          [submitted]="submitted()"
        />
        <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-bin-line fr-btn--icon-left" (click)="remove.emit()">
          Supprimer l'action {{ number() }}
        </button>
        </div>
      </div>
    </fieldset>
  `,
  styles: `
    .cdlp-block { border: 1px solid var(--border-default-grey); padding: 1rem 0.5rem 0.5rem; margin: 0 0 1.5rem; }
  `,
})
export class ActionFieldsComponent {
  readonly form = input.required<ActionForm>();
  readonly prefix = input.required<string>();
  readonly number = input.required<number>();
  readonly parties = input<RegistryParty[]>([]);
  readonly errors = input<Record<string, string>>({});
  readonly submitted = input(false);
  readonly remove = output<void>();
  readonly statusOptions = STATUS_OPTIONS;

  deadlineError(): string | null {
    return this.errors()['deadline'] ?? this.datesError();
  }

  datesError(): string | null {
    const f = this.form();
    return f.errors?.['datesOrder'] && (this.submitted() || f.controls.deadline.touched)
      ? "L'échéance ne peut pas précéder le début de l'action."
      : null;
  }
}

const AUTO_OPTIONS: Option[] = AUTO_INDICATORS.map((a) => ({ value: a, label: AUTO_INDICATOR_LABELS[a].name }));
const DIRECTION_OPTIONS: Option[] = [
  { value: 'UP', label: 'À la hausse' },
  { value: 'DOWN', label: 'À la baisse' },
];

/** The fields of one indicator: manual or computed by the portal, baseline and target. */
@Component({
  selector: 'cdlp-indicator-fields',
  imports: [ReactiveFormsModule, InputFieldComponent, SelectFieldComponent, RadiosFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="fr-fieldset cdlp-block" [id]="prefix()" [attr.aria-labelledby]="prefix() + '-legende'">
      <legend class="fr-fieldset__legend" [id]="prefix() + '-legende'" tabindex="-1">
        Indicateur {{ number() }}{{ form().controls.name.value ? ' : ' + form().controls.name.value : '' }}
      </legend>
      <div class="fr-fieldset__element">
        <div class="cdlp-fields">
        <cdlp-select
          [fieldId]="prefix() + '-automatique'"
          label="Indicateur calculé par le portail"
          hint="Choisissez un indicateur automatique, ou laissez « Saisie manuelle » pour saisir les valeurs chaque année."
          placeholder="Saisie manuelle"
          [optional]="true"
          [optionalMention]="false"
          [options]="autoOptions"
          [control]="form().controls.automatic"
          [serverError]="errors()['automatic']"
          [submitted]="submitted()"
        />
        <cdlp-input
          [fieldId]="prefix() + '-nom'"
          label="Nom de l'indicateur"
          [control]="form().controls.name"
          [serverError]="errors()['name']"
          [submitted]="submitted()"
        />
        <cdlp-input
          [fieldId]="prefix() + '-unite'"
          label="Unité"
          hint="Par exemple : personnes, jours, %"
          [optional]="true"
          [control]="form().controls.unit"
          [serverError]="errors()['unit']"
          [submitted]="submitted()"
        />
        <cdlp-radios
          [fieldId]="prefix() + '-sens'"
          label="Sens de l'objectif"
          [options]="directionOptions"
          [control]="form().controls.direction"
          [serverError]="errors()['direction']"
          [submitted]="submitted()"
        />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-6 fr-col-md-3">
            <cdlp-input
              [fieldId]="prefix() + '-ref-valeur'"
              label="Valeur de référence"
              inputmode="decimal"
              [optional]="true"
              [control]="form().controls.baselineValue"
              [serverError]="errors()['baselineValue']"
              [submitted]="submitted()"
            />
          </div>
          <div class="fr-col-6 fr-col-md-3">
            <cdlp-input
              [fieldId]="prefix() + '-ref-annee'"
              label="Année de référence"
              hint="AAAA"
              inputmode="numeric"
              [optional]="true"
              [control]="form().controls.baselineYear"
              [serverError]="errors()['baselineYear']"
              [submitted]="submitted()"
            />
          </div>
          <div class="fr-col-6 fr-col-md-3">
            <cdlp-input
              [fieldId]="prefix() + '-cible-valeur'"
              label="Valeur cible"
              inputmode="decimal"
              [optional]="true"
              [control]="form().controls.targetValue"
              [serverError]="errors()['targetValue']"
              [submitted]="submitted()"
            />
          </div>
          <div class="fr-col-6 fr-col-md-3">
            <cdlp-input
              [fieldId]="prefix() + '-cible-annee'"
              label="Année cible"
              hint="AAAA"
              inputmode="numeric"
              [optional]="true"
              [control]="form().controls.targetYear"
              [serverError]="errors()['targetYear']"
              [submitted]="submitted()"
            />
          </div>
        </div>
        <button type="button" class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-bin-line fr-btn--icon-left" (click)="remove.emit()">
          Supprimer l'indicateur {{ number() }}
        </button>
        </div>
      </div>
    </fieldset>
  `,
  styles: `
    .cdlp-block { border: 1px solid var(--border-default-grey); padding: 1rem 0.5rem 0.5rem; margin: 0 0 1.5rem; }
  `,
})
export class IndicatorFieldsComponent implements OnInit {
  private readonly destroyRef = inject(DestroyRef);
  readonly form = input.required<IndicatorForm>();
  readonly prefix = input.required<string>();
  readonly number = input.required<number>();
  readonly errors = input<Record<string, string>>({});
  readonly submitted = input(false);
  readonly remove = output<void>();
  readonly autoOptions = AUTO_OPTIONS;
  readonly directionOptions = DIRECTION_OPTIONS;

  ngOnInit(): void {
    // An automatic indicator comes with its name and unit, unless the secretariat typed its own.
    const f = this.form();
    f.controls.automatic.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((a) => {
      if (!a) return;
      const ref = AUTO_INDICATOR_LABELS[a];
      if (!f.controls.name.value.trim()) f.controls.name.setValue(ref.name);
      if (!f.controls.unit.value.trim()) f.controls.unit.setValue(ref.unit);
    });
  }
}
