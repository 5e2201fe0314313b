import type { ActionStatus, StrategyIndicatorDto } from '../contract/strategy';
import { actionCounts, expectedValue, isLate, isOffTrack, median } from './strategy';
import { action, indicator } from './testing/strategy-fixtures';

/** STRAT-1: the follow-up rules of the departmental strategy (pure functions shared by the api and the web). */

const TODAY = '2026-11-22';

describe('STRAT-1: late actions (isLate)', () => {
  it.each<[string | null | undefined, ActionStatus, boolean]>([
    ['2026-11-21', 'NOT_STARTED', true],
    ['2026-11-21', 'IN_PROGRESS', true],
    ['2026-11-21', 'DONE', false],
    ['2026-11-21', 'DROPPED', false],
    ['2026-11-22', 'NOT_STARTED', false],
    ['2026-12-31', 'IN_PROGRESS', false],
    [null, 'NOT_STARTED', false],
    [undefined, 'IN_PROGRESS', false],
    ['', 'IN_PROGRESS', false],
  ])('STRAT-1: deadline %p, status %s on 2026-11-22: late = %p', (deadline, status, late) => {
    expect(isLate({ deadline }, status, TODAY)).toBe(late);
  });

  it('STRAT-1: the deadline day itself is not late; the day after is', () => {
    expect(isLate({ deadline: '2026-06-30' }, 'IN_PROGRESS', '2026-06-30')).toBe(false);
    expect(isLate({ deadline: '2026-06-30' }, 'IN_PROGRESS', '2026-07-01')).toBe(true);
  });
});

describe('STRAT-1: action counts (actionCounts)', () => {
  it('STRAT-1: counts each status once, and late actions on top of their status', () => {
    const actions = [
      action({ key: 'a1', deadline: '2026-06-30' }), // NOT_STARTED, late
      action({ key: 'a2', deadline: '2026-12-31' }), // IN_PROGRESS, on time
      action({ key: 'a3', deadline: '2026-03-31' }), // IN_PROGRESS, late
      action({ key: 'a4', deadline: '2026-01-31' }), // DONE after its deadline: not late
      action({ key: 'a5', deadline: '2026-01-31' }), // DROPPED: not late
      action({ key: 'a6', deadline: null }), // NOT_STARTED, no deadline
    ];
    const statuses: Record<string, ActionStatus> = {
      a1: 'NOT_STARTED',
      a2: 'IN_PROGRESS',
      a3: 'IN_PROGRESS',
      a4: 'DONE',
      a5: 'DROPPED',
      a6: 'NOT_STARTED',
    };
    expect(actionCounts(actions, (a) => statuses[a.key], TODAY)).toEqual({
      actions: 6,
      done: 1,
      inProgress: 2,
      notStarted: 2,
      late: 2,
      dropped: 1,
    });
  });

  it('STRAT-1: the status comes from the follow-up, not from the text of the version', () => {
    const actions = [action({ key: 'a1', status: 'NOT_STARTED', deadline: '2026-01-31' })];
    expect(actionCounts(actions, (a) => a.status, TODAY)).toMatchObject({ notStarted: 1, late: 1, done: 0 });
    expect(actionCounts(actions, () => 'DONE', TODAY)).toMatchObject({ notStarted: 0, late: 0, done: 1 });
  });

  it('STRAT-1: no action gives zero everywhere', () => {
    expect(actionCounts([], () => 'DONE', TODAY)).toEqual({
      actions: 0,
      done: 0,
      inProgress: 0,
      notStarted: 0,
      late: 0,
      dropped: 0,
    });
  });
});

describe('STRAT-1: expected value on the trajectory (expectedValue)', () => {
  const ind = indicator({ baselineValue: 40, baselineYear: 2025, targetValue: 200, targetYear: 2028 });

  it('STRAT-1: interpolates on the straight line from the baseline to the target, rounded to 2 decimals', () => {
    expect(expectedValue(ind, 2026)).toBe(93.33);
    expect(expectedValue(ind, 2027)).toBe(146.67);
    expect(
      expectedValue(
        indicator({
          baselineValue: 60,
          baselineYear: 2025,
          targetValue: 30,
          targetYear: 2028,
          direction: 'DOWN',
        }),
        2026,
      ),
    ).toBe(50);
    expect(
      expectedValue(
        indicator({ baselineValue: 0, baselineYear: 2024, targetValue: 10, targetYear: 2026 }),
        2025,
      ),
    ).toBe(5);
  });

  it('STRAT-1: the baseline before and on the baseline year, the target on and after the target year', () => {
    expect(expectedValue(ind, 2020)).toBe(40);
    expect(expectedValue(ind, 2025)).toBe(40);
    expect(expectedValue(ind, 2028)).toBe(200);
    expect(expectedValue(ind, 2031)).toBe(200);
  });

  it.each<[string, Partial<StrategyIndicatorDto>]>([
    ['no baseline value', { baselineValue: null }],
    ['no baseline year', { baselineYear: undefined }],
    ['no target value', { targetValue: null }],
    ['no target year', { targetYear: null }],
    ['a target year equal to the baseline year', { targetYear: 2025 }],
    ['a target year before the baseline year', { targetYear: 2024 }],
  ])('STRAT-1: no expected value with %s', (_, over) => {
    expect(expectedValue(indicator(over), 2026)).toBeNull();
  });

  it('STRAT-1: a baseline of 0 is a value, not missing data', () => {
    expect(
      expectedValue(
        indicator({ baselineValue: 0, baselineYear: 2025, targetValue: 30, targetYear: 2028 }),
        2025,
      ),
    ).toBe(0);
  });
});

describe('STRAT-1: indicators off track (isOffTrack)', () => {
  const up = indicator({
    direction: 'UP',
    baselineValue: 40,
    baselineYear: 2025,
    targetValue: 200,
    targetYear: 2028,
  });
  const down = indicator({
    direction: 'DOWN',
    baselineValue: 60,
    baselineYear: 2025,
    targetValue: 30,
    targetYear: 2028,
  });

  it('STRAT-1: UP: off track below the expected value, on track at or above it', () => {
    expect(isOffTrack(up, 2026, 50)).toBe(true);
    expect(isOffTrack(up, 2026, 93.33)).toBe(false);
    expect(isOffTrack(up, 2026, 120)).toBe(false);
  });

  it('STRAT-1: DOWN: off track above the expected value, on track at or below it', () => {
    expect(isOffTrack(down, 2026, 55)).toBe(true);
    expect(isOffTrack(down, 2026, 50)).toBe(false);
    expect(isOffTrack(down, 2026, 20)).toBe(false);
  });

  it('STRAT-1: after the target year the value is judged against the target', () => {
    expect(isOffTrack(up, 2029, 199)).toBe(true);
    expect(isOffTrack(down, 2029, 31)).toBe(true);
    expect(isOffTrack(down, 2029, 30)).toBe(false);
  });

  it('STRAT-1: not assessable (null) without a value or without a trajectory', () => {
    expect(isOffTrack(up, 2026, null)).toBeNull();
    expect(isOffTrack(indicator({ targetValue: null }), 2026, 10)).toBeNull();
    expect(isOffTrack(indicator({ baselineYear: null }), 2026, 10)).toBeNull();
  });
});

describe('STRAT-1: median (MEDIAN_DAYS_TO_OPINION)', () => {
  it('STRAT-1: odd count: the middle value of the sorted list', () => {
    expect(median([20, 3, 8])).toBe(8);
    expect(median([42])).toBe(42);
    expect(median([5, 1, 9, 1, 7])).toBe(5);
  });

  it('STRAT-1: even count: the mean of the two middle values, rounded to one decimal', () => {
    expect(median([20, 0])).toBe(10);
    expect(median([1, 2])).toBe(1.5);
    expect(median([0, 0, 20, 20])).toBe(10);
    expect(median([1, 2, 4, 3])).toBe(2.5);
    expect(median([1, 2, 2, 3, 10, 11])).toBe(2.5);
  });

  it('STRAT-1: empty: null (no opinion in the period)', () => {
    expect(median([])).toBeNull();
  });

  it('STRAT-1: sorts numerically (not as text) and leaves its input untouched', () => {
    const input = [100, 9, 20];
    expect(median(input)).toBe(20);
    expect(input).toEqual([100, 9, 20]);
  });
});
