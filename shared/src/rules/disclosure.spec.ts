import { isSmallCount, protectColumn, protectMedian } from './disclosure';

const shown = (cells: { suppressed: boolean; value: number | null }[]) => cells.map((c) => (c.suppressed ? 'hidden' : c.value));

describe('TENANT-1: anonymised national statistics', () => {
  it('TENANT-1: hides counts from 1 to 4, shows zero and counts of 5 or more', () => {
    expect([0, 1, 4, 5, 12].map((v) => isSmallCount(v))).toEqual([false, true, true, false, false]);
  });

  it('TENANT-1: a column without small counts is shown with its total', () => {
    const r = protectColumn([12, 0, 7]);
    expect(shown(r.cells)).toEqual([12, 0, 7]);
    expect(r.total).toEqual({ value: 19, suppressed: false, display: '19' });
  });

  it('TENANT-1: a small count is shown as « < 5 »', () => {
    const r = protectColumn([3, 8, 9, 20]);
    expect(r.cells[0]).toEqual({ value: null, suppressed: true, display: '< 5' });
  });

  it('TENANT-1: a single hidden count hides the smallest other one, so that the total cannot give it back', () => {
    const r = protectColumn([3, 8, 9, 20]);
    expect(shown(r.cells)).toEqual(['hidden', 'hidden', 9, 20]);
    expect(r.total.value).toBe(40);
  });

  it('TENANT-1: two hidden counts need no other suppression', () => {
    const r = protectColumn([3, 2, 9, 20]);
    expect(shown(r.cells)).toEqual(['hidden', 'hidden', 9, 20]);
    expect(r.total.display).toBe('34');
  });

  it('TENANT-1: when the only other counts are zero, the total is hidden instead', () => {
    const r = protectColumn([0, 7, 0]);
    expect(shown(r.cells)).toEqual([0, 7, 0]);
    const single = protectColumn([3, 0, 0, 6]);
    expect(shown(single.cells)).toEqual(['hidden', 0, 0, 'hidden']);
    const alone = protectColumn([3, 0]);
    expect(alone.total.suppressed).toBe(true);
  });

  it('TENANT-1: a small total is hidden', () => {
    expect(protectColumn([0, 0, 0]).total.display).toBe('0');
    expect(protectColumn([2, 1]).total.suppressed).toBe(true);
  });

  it('PSP-4: a median over fewer than 5 opinions is hidden; without any opinion it is a dash', () => {
    expect(protectMedian(12, 4)).toEqual({ value: null, suppressed: true, display: '< 5' });
    expect(protectMedian(12.5, 5)).toEqual({ value: 12.5, suppressed: false, display: '12,5 j' });
    expect(protectMedian(null, 0)).toEqual({ value: null, suppressed: false, display: '—' });
  });
});
