import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { Permission, type ConvenedMemberDto, type SittingDto } from '@cdlp/shared';
import { catchError, concatMap, from, last, map, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { memberName } from '../members/member-labels';
import { MembersApi } from '../members/members.api';
import { AlertComponent } from '../ui/alert.component';
import { answerText, PRESENCE_LABELS } from './sitting-labels';
import { SittingsApi } from './sittings.api';
import { TableComponent } from '../ui/table.component';

type Presence = 'PRESENT' | 'REMOTE' | 'ABSENT';

interface RowEdit {
  presence: Presence | '';
  substituteId: string;
}

/** The presence the register shows before confirmation: the member's answer. */
export function presenceFromAnswer(m: Pick<ConvenedMemberDto, 'answer'>): Presence | '' {
  if (m.answer === 'PRESENT') return 'PRESENT';
  if (m.answer === 'REMOTE') return 'REMOTE';
  if (m.answer === null) return '';
  return 'ABSENT';
}

/**
 * The presence register (SITTINGS_CHAIR): the secretariat confirms who is present, remote or
 * absent, and which suppléant sits for an absent titulaire (MEMB-1). The quorum follows live.
 */
@Component({
  selector: 'cdlp-register',
  imports: [TableComponent, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="registre-titre" class="fr-mb-4w">
      <h2 id="registre-titre">Registre de présence</h2>
      <p class="fr-text--sm">
        Les présences proposées reprennent les réponses des membres. Confirmez-les au début de la séance ; un
        suppléant ne siège que pour un titulaire absent (MEMB-1).
      </p>
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="error()" />
      <form (submit)="$event.preventDefault(); save()" novalidate aria-label="Registre de présence">
        <div
          class="fr-table fr-table--no-caption fr-table--sm fr-table--multiline"
          id="table-registre"
          cdlpTable="Registre de présence"
          [columns]="['Membre', 'Réponse', 'Présence', 'Suppléant qui siège', 'Confirmée']"
        >
          <tbody>
            @for (m of members(); track m.memberId) {
              <tr>
                <td>
                  {{ m.name }}<br /><span class="fr-text--xs">{{ m.quality }}</span>
                </td>
                <td>{{ answer(m) }}</td>
                <td>
                  <label class="fr-sr-only" [for]="'presence-' + m.memberId">Présence de {{ m.name }}</label>
                  <select
                    class="fr-select"
                    [id]="'presence-' + m.memberId"
                    [value]="presence(m)"
                    (change)="setPresence(m, $event)"
                  >
                    <option value="" disabled>À confirmer</option>
                    <option value="PRESENT">Présent(e)</option>
                    <option value="REMOTE">À distance</option>
                    <option value="ABSENT">Absent(e)</option>
                  </select>
                </td>
                <td>
                  @if (substitutesOf(m).length > 0) {
                    <label class="fr-sr-only" [for]="'suppleant-' + m.memberId"
                      >Suppléant siégeant pour {{ m.name }}</label
                    >
                    <select
                      class="fr-select"
                      [id]="'suppleant-' + m.memberId"
                      [disabled]="presence(m) !== 'ABSENT'"
                      (change)="setSubstitute(m, $event)"
                    >
                      <option value="" [selected]="substitute(m) === ''">Aucun</option>
                      @for (sub of substitutesOf(m); track sub.id) {
                        <option [value]="sub.id" [selected]="sub.id === substitute(m)">
                          {{ sub.name }}
                        </option>
                      }
                    </select>
                  } @else {
                    <span class="cdlp-empty fr-text--sm">Pas de suppléant</span>
                  }
                </td>
                <td>
                  @if (m.confirmedPresence) {
                    {{ presenceLabel(m.confirmedPresence) }}
                    @if (m.substituteName) {
                      <br /><span class="fr-text--xs">remplacé(e) par {{ m.substituteName }}</span>
                    }
                  } @else {
                    <span class="cdlp-empty">À confirmer</span>
                  }
                </td>
              </tr>
            }
          </tbody>
        </div>
        <button
          type="submit"
          class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
          [disabled]="busy() || pending() === 0"
        >
          Confirmer les présences{{ pending() > 0 ? ' (' + pending() + ')' : '' }}
        </button>
      </form>
    </section>
  `,
})
export class RegisterComponent {
  private readonly api = inject(SittingsApi);
  readonly sitting = input.required<SittingDto>();
  readonly changed = output<SittingDto>();

  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly edits = signal<Record<string, RowEdit>>({});
  readonly substitutes = signal<Record<string, { id: string; name: string }[]>>({});
  readonly members = computed(() => this.sitting().members);
  readonly pending = computed(() => Object.keys(this.edits()).length);

  constructor() {
    if (inject(AuthService).can(Permission.MEMBERS_READ)) {
      inject(MembersApi)
        .list({ status: 'active', page: 1, pageSize: 200 })
        .pipe(
          map((p) => {
            const byTitulaire: Record<string, { id: string; name: string }[]> = {};
            for (const m of p.items) {
              if (m.seat !== 'SUPPLEANT' || !m.titulaireId) continue;
              (byTitulaire[m.titulaireId] ??= []).push({ id: m.id, name: memberName(m) });
            }
            return byTitulaire;
          }),
          catchError(() => of({})),
        )
        .subscribe((s) => this.substitutes.set(s));
    }
  }

  answer(m: ConvenedMemberDto): string {
    return answerText(m);
  }
  presenceLabel(p: Presence): string {
    return PRESENCE_LABELS[p];
  }
  substitutesOf(m: ConvenedMemberDto): { id: string; name: string }[] {
    return this.substitutes()[m.memberId] ?? [];
  }
  presence(m: ConvenedMemberDto): Presence | '' {
    return this.edits()[m.memberId]?.presence ?? m.confirmedPresence ?? presenceFromAnswer(m);
  }
  substitute(m: ConvenedMemberDto): string {
    return this.edits()[m.memberId]?.substituteId ?? m.substituteId ?? '';
  }

  setPresence(m: ConvenedMemberDto, event: Event): void {
    const presence = (event.target as HTMLSelectElement).value as Presence;
    this.edits.update((all) => ({
      ...all,
      [m.memberId]: { presence, substituteId: presence === 'ABSENT' ? this.substitute(m) : '' },
    }));
  }

  setSubstitute(m: ConvenedMemberDto, event: Event): void {
    const substituteId = (event.target as HTMLSelectElement).value;
    this.edits.update((all) => ({ ...all, [m.memberId]: { presence: this.presence(m), substituteId } }));
  }

  save(): void {
    const entries = Object.entries(this.edits()).filter(([, e]) => e.presence !== '');
    if (entries.length === 0) return;
    this.busy.set(true);
    this.error.set(null);
    this.success.set(null);
    from(entries)
      .pipe(
        concatMap(([memberId, e]) =>
          this.api.confirmPresence(this.sitting().id, {
            memberId,
            presence: e.presence as Presence,
            substituteId: e.presence === 'ABSENT' && e.substituteId ? e.substituteId : null,
          }),
        ),
        last(),
      )
      .subscribe({
        next: (s) => {
          this.busy.set(false);
          this.edits.set({});
          this.success.set(
            `Registre enregistré : ${entries.length} présence${entries.length > 1 ? 's' : ''} confirmée${entries.length > 1 ? 's' : ''}.`,
          );
          this.changed.emit(s);
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.error.set(toApiError(err).message);
        },
      });
  }
}
