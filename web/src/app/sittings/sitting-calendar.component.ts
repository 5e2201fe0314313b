import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { parisDate, type CalendarDto, type SittingListItemDto } from '@cdlp/shared';
import { AlertComponent } from '../ui/alert.component';
import { LongInstantPipe } from '../ui/dates';
import { kindText, MONTHS_FR, sittingStateBadge, sittingStateLabel } from './sitting-labels';

export interface CalendarMonth {
  index: number;
  name: string;
  sittings: SittingListItemDto[];
}

/** The twelve months of a calendar, each with its sittings (Paris dates). */
export function calendarMonths(calendar: CalendarDto): CalendarMonth[] {
  return MONTHS_FR.map((name, index) => ({
    index,
    name,
    sittings: calendar.sittings.filter((s) => {
      const day = parisDate(new Date(s.startsAt));
      return Number(day.slice(0, 4)) === calendar.year && Number(day.slice(5, 7)) === index + 1;
    }),
  }));
}

/** MEET-1: the yearly calendar of the sittings, month by month, with the policy sittings count. */
@Component({
  selector: 'cdlp-sitting-calendar',
  imports: [RouterLink, AlertComponent, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = calendar();
    @if (c.meet1Warning) {
      <cdlp-alert kind="warning" heading="Séances de stratégie (MEET-1)">{{ c.meet1Warning }}</cdlp-alert>
    } @else {
      <p class="fr-text--sm">
        {{ c.policySittings }} séances consacrées à la stratégie départementale sont prévues en
        {{ c.year }} (MEET-1 : deux au moins).
      </p>
    }
    <ol class="cdlp-calendar" [attr.aria-label]="'Calendrier des séances ' + c.year">
      @for (month of months(); track month.index) {
        <li class="cdlp-calendar__month" [class.cdlp-calendar__month--empty]="month.sittings.length === 0">
          <h3 class="fr-h6 fr-mb-1w">{{ month.name }} {{ c.year }}</h3>
          @if (month.sittings.length === 0) {
            <p class="fr-text--sm cdlp-empty fr-mb-0">Aucune séance</p>
          } @else {
            <ul class="cdlp-calendar__list">
              @for (s of month.sittings; track s.id) {
                <li>
                  <a class="fr-link fr-link--sm" [routerLink]="['/seances', s.id]">{{
                    s.startsAt | longInstant
                  }}</a>
                  <br />
                  <span class="fr-text--sm">{{ s.title || kind(s) }}</span>
                  <p class="fr-badge fr-badge--sm" [class]="badge(s)">{{ state(s) }}</p>
                </li>
              }
            </ul>
          }
        </li>
      }
    </ol>
  `,
})
export class SittingCalendarComponent {
  readonly calendar = input.required<CalendarDto>();
  readonly months = computed(() => calendarMonths(this.calendar()));

  kind(s: SittingListItemDto): string {
    return kindText(s);
  }
  state(s: SittingListItemDto): string {
    return sittingStateLabel(s.state);
  }
  badge(s: SittingListItemDto): string {
    return sittingStateBadge(s.state);
  }
}
