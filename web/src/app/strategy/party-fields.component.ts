import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { AssociationDto, MemberDto, PartyDto } from '@cdlp/shared';
import { memberName } from '../members/member-labels';
import { FieldControlDirective, FieldGroupComponent, InputFieldComponent } from '../ui/form-fields';

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
  imports: [ReactiveFormsModule, InputFieldComponent, FieldGroupComponent, FieldControlDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (registry().length > 0) {
      <cdlp-field-group
        kind="select"
        [fieldId]="fieldId()"
        [label]="label()"
        [mention]="true"
        hint="Un membre ou une association de l'annuaire, ou un autre organisme à saisir."
      >
        <select class="fr-select" cdlpFieldControl [formControl]="choice">
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
      </cdlp-field-group>
      @if (choiceValue() === 'libre') {
        <cdlp-input
          [fieldId]="fieldId() + '-libre'"
          [label]="label() + ' : nom de l’organisme'"
          [control]="free"
        />
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
                  <button
                    type="button"
                    class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm"
                    (click)="remove($index)"
                  >
                    Retirer<span class="fr-sr-only"> le partenaire {{ p.name }}</span>
                  </button>
                </li>
              }
            </ul>
          }
          <cdlp-party-field
            [fieldId]="fieldId() + '-ajout'"
            label="Partenaire à ajouter"
            [parties]="parties()"
            [control]="pending"
          />
          <button
            type="button"
            class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-add-line fr-btn--icon-left"
            (click)="add()"
          >
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
      (p.memberId && x.memberId === p.memberId) ||
      (p.associationId && x.associationId === p.associationId) ||
      x.name === p.name;
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
