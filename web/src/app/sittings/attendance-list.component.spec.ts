import { TestBed } from '@angular/core/testing';
import { convenedMember, sitting } from '../../testing/fixtures';
import { AttendanceListComponent, attendanceLines } from './attendance-list.component';

const martine = convenedMember({
  memberId: 'martine',
  name: 'Mme Martine Jourdain',
  quality: 'Adjointe au maire, Ville de Poitiers',
  answer: 'SUBSTITUTED',
  confirmedPresence: 'ABSENT',
  substituteId: 'bruno',
  substituteName: 'M. Bruno Lacroix',
  substituteQuality: 'Conseiller municipal, Ville de Poitiers',
  substituteCivility: 'M',
});
const marc = convenedMember({
  memberId: 'marc',
  name: 'M. Marc Delorme',
  quality: 'Directeur adjoint, DDETS de la Vienne',
  confirmedPresence: 'PRESENT',
});
const helene = convenedMember({
  memberId: 'helene',
  name: 'Mme Hélène Castaing',
  answer: 'MANDATE',
  mandateHolderName: 'M. Marc Delorme',
  confirmedPresence: 'ABSENT',
});
const laure = convenedMember({
  memberId: 'laure',
  name: 'Mme Laure Vasseur',
  answer: 'ABSENT',
  confirmedPresence: 'ABSENT',
});

describe('attendance list (PV-1, MEMB-1)', () => {
  it('PV-1: lists present, suppléants « suppléant de <titulaire>, <qualité> », represented and excused members', () => {
    expect(attendanceLines([laure, martine, helene, marc]).map((l) => [l.name, l.quality, l.status])).toEqual(
      [
        ['M. Marc Delorme', 'Directeur adjoint, DDETS de la Vienne', 'Présent(e)'],
        [
          'M. Bruno Lacroix',
          'Conseiller municipal, Ville de Poitiers',
          'suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers',
        ],
        ['Mme Hélène Castaing', helene.quality, 'Représenté(e) par M. Marc Delorme (mandat)'],
        ['Mme Laure Vasseur', laure.quality, 'Excusé(e)'],
      ],
    );
  });

  it('MEMB-1: tells the logged-in suppléant for whom they sit, and shows them on the list', () => {
    const fixture = TestBed.createComponent(AttendanceListComponent);
    fixture.componentRef.setInput(
      'sitting',
      sitting({ state: 'OPEN', members: [martine, marc], myMemberId: 'bruno' }),
    );
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('#ma-suppleance')?.textContent).toContain(
      'suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers',
    );
    const rows = Array.from(el.querySelectorAll('tbody tr')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()),
    );
    expect(rows).toContainEqual([
      'M. Bruno Lacroix',
      'Conseiller municipal, Ville de Poitiers',
      'suppléant de Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers',
    ]);
  });

  it('MEMB-1: a titulaire sees no suppléance notice', () => {
    const fixture = TestBed.createComponent(AttendanceListComponent);
    fixture.componentRef.setInput(
      'sitting',
      sitting({ state: 'OPEN', members: [martine, marc], myMemberId: 'marc' }),
    );
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('#ma-suppleance')).toBeNull();
  });
});
