import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { toCommentDto, targetValue } from './comments.component';
import { IndicatorChartComponent, ProgressBarsComponent, share } from './charts';
import { partyChoice } from './party-fields.component';
import {
  actionForm,
  errorsUnder,
  figureForm,
  indicatorForm,
  nestedFieldErrors,
  numberValidator,
  toActionDto,
  toFigureDto,
  toIndicatorDto,
  yearValidator,
} from './strategy-forms';
import {
  actionStatusOf,
  axisProgress,
  defaultYear,
  newKey,
  parseNumber,
  planOf,
  withPlan,
  withUnit,
  yearRange,
} from './strategy-labels';
import { followUp, reference, strategy, strategyWithPlan } from './testing/strategy-fixtures';
import { FormControl } from '@angular/forms';
import { settle } from '../../testing/test-helpers';

describe('strategy helpers', () => {
  it('parses French numbers, and tells what is not one', () => {
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('12 500')).toBe(12500);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('douze')).toBeNaN();
    expect(withUnit(2500.5, '€')).toMatch(/^2\s500,5 €$/);
  });

  it('validates numbers and years with French messages', () => {
    expect(numberValidator({ min: 0 })(new FormControl('-1'))).toEqual({
      message: 'La valeur ne peut pas être inférieure à 0.',
    });
    expect(numberValidator()(new FormControl('abc'))).toEqual({
      message: 'Saisissez un nombre, par exemple 12 ou 12,5.',
    });
    expect(numberValidator()(new FormControl(''))).toBeNull();
    expect(yearValidator(new FormControl('1999'))).not.toBeNull();
    expect(yearValidator(new FormControl('2026'))).toBeNull();
  });

  it('creates UUID v4 keys for new actions and indicators', () => {
    expect(newKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newKey()).not.toBe(newKey());
  });

  it('replaces one recommendation plan and keeps the others', () => {
    const s = strategyWithPlan();
    const updated = withPlan(s.content, {
      recommendationNumber: 5,
      findings: 'Nouveau',
      priority: 'HIGH',
      actions: [],
      indicators: [],
    });
    expect(planOf(updated, 5).findings).toBe('Nouveau');
    expect(updated.recommendations).toHaveLength(12);
    expect(planOf(s.content, 5).actions).toHaveLength(1);
    expect(planOf({ figures: [], recommendations: [], localActions: [] }, 3)).toEqual(
      expect.objectContaining({ recommendationNumber: 3, actions: [] }),
    );
  });

  it('sums the follow-up per axis and reads the followed-up status of an action', () => {
    const axes = axisProgress(reference(), followUp());
    expect(axes).toHaveLength(6);
    expect(axes[2]).toEqual(
      expect.objectContaining({ number: 3, actions: 2, done: 1, late: 1, recommendations: 2 }),
    );
    const s = strategyWithPlan({ actionStatus: {} });
    expect(actionStatusOf(s, { key: 'x', status: 'DONE' })).toBe('DONE');
  });

  it('shows the current year when it falls in the period', () => {
    const now = new Date('2027-05-01T10:00:00Z');
    expect(defaultYear({ periodStart: 2026, periodEnd: 2028 }, now)).toBe(2027);
    expect(defaultYear({ periodStart: 2030, periodEnd: 2032 }, now)).toBe(2030);
    expect(yearRange(2025, 2028)).toEqual([2025, 2026, 2027, 2028]);
  });

  it('turns the forms into the API bodies, empty fields as null', () => {
    const a = actionForm({ title: ' Former ', status: 'IN_PROGRESS' });
    a.controls.budget.setValue('2 500,50');
    a.controls.lead.setValue({ name: 'CIDFF', associationId: 'a1' });
    expect(toActionDto(a)).toEqual(
      expect.objectContaining({
        title: 'Former',
        budget: 2500.5,
        startDate: null,
        fundingSource: null,
        lead: { name: 'CIDFF', associationId: 'a1' },
      }),
    );
    a.controls.startDate.setValue('2026-06-01');
    a.controls.deadline.setValue('2026-01-01');
    expect(a.errors).toEqual({ datesOrder: true });

    const i = indicatorForm({
      name: 'Délai',
      unit: 'jours',
      automatic: 'MEDIAN_DAYS_TO_OPINION',
      direction: 'DOWN',
    });
    i.controls.targetValue.setValue('30');
    i.controls.targetYear.setValue('2028');
    expect(toIndicatorDto(i)).toEqual(
      expect.objectContaining({
        automatic: 'MEDIAN_DAYS_TO_OPINION',
        direction: 'DOWN',
        targetValue: 30,
        targetYear: 2028,
        baselineValue: null,
      }),
    );
    const f = figureForm({ label: 'Annonces', value: 420, source: 'Diagnostic', year: 2023 });
    expect(toFigureDto(f)).toEqual(expect.objectContaining({ value: 420, year: 2023, unit: '' }));
  });

  it('maps the nested field errors of the API to the fields', () => {
    const err = new HttpErrorResponse({
      status: 400,
      error: {
        statusCode: 400,
        message: 'Données invalides.',
        errors: [
          { field: 'content.recommendations.4.actions.1.deadline', message: "L'échéance précède le début." },
        ],
      },
    });
    const all = nestedFieldErrors(err);
    expect(errorsUnder(all, 'content.recommendations.4')).toEqual({
      'actions.1.deadline': "L'échéance précède le début.",
    });
    expect(errorsUnder(errorsUnder(all, 'content.recommendations.4'), 'actions.1')).toEqual({
      deadline: "L'échéance précède le début.",
    });
    expect(nestedFieldErrors(new Error('x'))).toEqual({});
  });

  it('encodes comment targets and party choices', () => {
    expect(toCommentDto('RECOMMENDATION:5', 'Texte')).toEqual({
      targetType: 'RECOMMENDATION',
      targetKey: '5',
      body: 'Texte',
    });
    expect(toCommentDto('GENERAL:', 'Texte')).toEqual({ targetType: 'GENERAL', body: 'Texte' });
    expect(targetValue({ targetType: 'ACTION', targetKey: 'k' })).toBe('ACTION:k');
    expect(partyChoice(null)).toBe('');
    expect(partyChoice({ name: 'X', memberId: 'm1' })).toBe('m:m1');
    expect(partyChoice({ name: 'X', associationId: 'a1' })).toBe('a:a1');
    expect(partyChoice({ name: 'X' })).toBe('libre');
  });

  it('keeps a strategy fixture coherent', () => {
    expect(strategy().content.recommendations).toHaveLength(12);
  });
});

describe('charts', () => {
  it('computes shares of a total', () => {
    expect(share(1, 3)).toBe(33.3);
    expect(share(2, 0)).toBe(0);
  });

  it('draws the progress bars as an image with a text alternative and writes the figures', async () => {
    const fixture = TestBed.createComponent(ProgressBarsComponent);
    fixture.componentRef.setInput('subject', 'Axe 2');
    fixture.componentRef.setInput('actions', 4);
    fixture.componentRef.setInput('done', 1);
    fixture.componentRef.setInput('inProgress', 2);
    fixture.componentRef.setInput('late', 1);
    await settle();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const svg = el.querySelector('svg[role="img"]');
    expect(svg?.getAttribute('aria-label')).toBe(
      'Axe 2 : 4 actions, 1 réalisée(s), 2 en cours, 1 en retard.',
    );
    expect([...el.querySelectorAll('rect')].map((r) => r.getAttribute('width'))).toEqual([
      '100',
      '25',
      '100',
      '50',
      '100',
      '25',
    ]);
    expect(el.textContent).toContain('En retard : 1/4');
  });

  it('draws an indicator chart followed by the table of its values', async () => {
    const fixture = TestBed.createComponent(IndicatorChartComponent);
    fixture.componentRef.setInput('name', 'Professionnels formés');
    fixture.componentRef.setInput('unit', 'personnes');
    fixture.componentRef.setInput('points', [
      { year: 2025, value: 40, expected: 40 },
      { year: 2026, value: null, expected: 93.33 },
    ]);
    fixture.componentRef.setInput('target', 200);
    fixture.componentRef.setInput('targetYear', 2028);
    await settle();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const label = el.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? '';
    expect(label).toContain('Professionnels formés');
    expect(label).toContain('2025 : 40 personnes');
    expect(label).toContain('2026 : non renseignée');
    expect(label).toContain('Cible : 200 personnes en 2028');
    expect(el.querySelectorAll('svg rect')).toHaveLength(1);
    expect(el.querySelector('svg line[stroke-dasharray]')).not.toBeNull();
    const rows = [...el.querySelectorAll('tbody tr')].map((r) =>
      [...r.children].map((c) => c.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['2025', '40 personnes', '40 personnes'],
      ['2026', 'Non renseignée', '93,33 personnes'],
    ]);
  });
});
