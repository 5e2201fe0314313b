import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { substituteOfText, type ConvenedMemberDto, type SittingDto } from '@cdlp/shared';
import { TableComponent } from '../ui/table.component';

/** One line of the attendance list: who sits, with quality, and how. */
export interface AttendanceLine {
  key: string;
  name: string;
  quality: string;
  status: string;
}

/**
 * PV-1 / MEMB-1 / MAND-1: the attendance list as the register confirmed it, in the order of the
 * procès-verbal: present, remote, suppléants « suppléant de <titulaire>, <qualité> », represented,
 * excused.
 */
export function attendanceLines(members: readonly ConvenedMemberDto[]): AttendanceLine[] {
  const byName = (a: AttendanceLine, b: AttendanceLine) => a.name.localeCompare(b.name, 'fr');
  const line = (m: ConvenedMemberDto, status: string): AttendanceLine => ({
    key: m.memberId,
    name: m.name,
    quality: m.quality,
    status,
  });
  const absent = members.filter((m) => m.confirmedPresence === 'ABSENT');
  return [
    ...members
      .filter((m) => m.confirmedPresence === 'PRESENT')
      .map((m) => line(m, 'Présent(e)'))
      .sort(byName),
    ...members
      .filter((m) => m.confirmedPresence === 'REMOTE')
      .map((m) => line(m, 'À distance'))
      .sort(byName),
    ...absent
      .filter((m) => m.substituteId)
      .map((m) => ({
        key: `${m.memberId}-${m.substituteId}`,
        name: m.substituteName ?? '',
        quality: m.substituteQuality ?? '',
        status: substituteOfText(m.substituteCivility ?? 'M', m.name, m.quality),
      }))
      .sort(byName),
    ...absent
      .filter((m) => !m.substituteId && m.answer === 'MANDATE' && m.mandateHolderName)
      .map((m) => line(m, `Représenté(e) par ${m.mandateHolderName} (mandat)`))
      .sort(byName),
    ...absent
      .filter((m) => !m.substituteId && !(m.answer === 'MANDATE' && m.mandateHolderName))
      .map((m) => line(m, 'Excusé(e)'))
      .sort(byName),
  ];
}

/** The attendance list of an open or closed sitting (not of a written deliberation, REM-1). */
@Component({
  selector: 'cdlp-attendance-list',
  imports: [TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="presences-titre" class="fr-mb-4w">
      <h2 id="presences-titre">Liste de présence</h2>
      @if (mySeat(); as seat) {
        <p class="fr-text--sm" id="ma-suppleance">
          Vous siégez en qualité de {{ seat }} (MEMB-1) : vous votez pour ce siège et pouvez faire consigner
          votre position en votre nom.
        </p>
      }
      <div
        class="fr-table fr-table--no-caption fr-table--sm fr-table--multiline"
        id="table-presences"
        cdlpTable="Liste de présence"
        [columns]="['Membre', 'Qualité', 'Présence']"
      >
        <tbody>
          @for (l of lines(); track l.key) {
            <tr>
              <td>{{ l.name }}</td>
              <td>{{ l.quality }}</td>
              <td>{{ l.status }}</td>
            </tr>
          }
        </tbody>
      </div>
    </section>
  `,
})
export class AttendanceListComponent {
  readonly sitting = input.required<SittingDto>();
  readonly lines = computed(() => attendanceLines(this.sitting().members));
  /** MEMB-1: the logged-in suppléant who sits, « suppléant de Mme X, qualité ». */
  readonly mySeat = computed(() => {
    const s = this.sitting();
    const row = s.myMemberId ? s.members.find((m) => m.substituteId === s.myMemberId) : undefined;
    return row ? substituteOfText(row.substituteCivility ?? 'M', row.name, row.quality) : null;
  });
}
