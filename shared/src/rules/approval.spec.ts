import { ApprovalFacts, DEFAULT_APPROVAL_YEARS, approvalEndDate, checkApproval } from './approval';

describe('approvalEndDate (PSP-2: 3 years, R121-12-3)', () => {
  it('PSP-2: the default duration is 3 years', () => {
    expect(DEFAULT_APPROVAL_YEARS).toBe(3);
  });

  it.each([
    ['2026-01-01', '2028-12-31'],
    ['2025-07-15', '2028-07-14'],
    ['2026-03-01', '2029-02-28'],
    // The anniversary falls on 1 March of a leap year: the last day is 29 February.
    ['2025-03-01', '2028-02-29'],
    ['2024-02-28', '2027-02-27'],
    ['2023-12-31', '2026-12-30'],
  ])('PSP-2: an approval starting %s ends %s (start + 3 years - 1 day)', (start, end) => {
    expect(approvalEndDate(start)).toBe(end);
  });

  it('PSP-2: an approval starting on 29 February lasts until 28 February three years later', () => {
    // 2027 has no 29 February: the anniversary is 1 March 2027, so the last day is 28 February,
    // not 27 February (which would cut a day and give the same end as a start on 28 February).
    expect(approvalEndDate('2024-02-29')).toBe('2027-02-28');
    expect(approvalEndDate('2024-02-29')).not.toBe(approvalEndDate('2024-02-28'));
  });

  it('PSP-2: an approval starting on 29 February ends on 28 February four years later too', () => {
    expect(approvalEndDate('2024-02-29', 4)).toBe('2028-02-28');
  });

  it('PSP-2: the duration is a parameter (dated configuration)', () => {
    expect(approvalEndDate('2026-01-01', 5)).toBe('2030-12-31');
    expect(approvalEndDate('2026-01-01', 1)).toBe('2026-12-31');
  });

  it('PSP-2: consecutive start dates give consecutive end dates around the end of February', () => {
    const starts = ['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02'];
    expect(starts.map((s) => approvalEndDate(s))).toEqual([
      '2027-02-26',
      '2027-02-27',
      '2027-02-28',
      '2027-02-28',
      '2027-03-01',
    ]);
  });

  it('PSP-2: refuses a date that does not exist', () => {
    expect(() => approvalEndDate('2026-02-30')).toThrow('Invalid ISO date');
  });
});

describe('checkApproval (PSP-2)', () => {
  const approval = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
    approvalStart: '2026-01-01',
    approvalEnd: approvalEndDate('2026-01-01'),
    departementCodes: ['86', '79'],
    endedAt: null,
    ...over,
  });

  it('PSP-2: valid on the first day, on a day within and on the last day of the approval', () => {
    expect(checkApproval(approval(), '2026-01-01', '86')).toEqual({ valid: true });
    expect(checkApproval(approval(), '2027-06-15', '79')).toEqual({ valid: true });
    expect(checkApproval(approval(), '2028-12-31', '86')).toEqual({ valid: true });
  });

  it('PSP-2: refuses the day after the end of the approval, with a French message giving the end date', () => {
    expect(checkApproval(approval(), '2029-01-01', '86')).toEqual({
      valid: false,
      reason: "L'agrément de l'association a expiré le 2028-12-31 (PSP-2).",
    });
  });

  it('PSP-2: refuses a request before the approval takes effect', () => {
    expect(checkApproval(approval(), '2025-12-31', '86')).toEqual({
      valid: false,
      reason: "L'agrément de l'association ne prend effet que le 2026-01-01 (PSP-2).",
    });
  });

  it('PSP-2: refuses a département the approval does not cover', () => {
    expect(checkApproval(approval(), '2026-06-01', '17')).toEqual({
      valid: false,
      reason: "L'agrément de l'association ne couvre pas le département 17 (PSP-2).",
    });
  });

  it('PSP-2: refuses from the day the approval was ended (withdrawn) but not the day before', () => {
    const ended = approval({ endedAt: '2026-09-30' });
    expect(checkApproval(ended, '2026-09-29', '86')).toEqual({ valid: true });
    expect(checkApproval(ended, '2026-09-30', '86')).toEqual({
      valid: false,
      reason: "L'agrément de l'association a pris fin (PSP-2).",
    });
    expect(checkApproval(ended, '2027-01-01', '86').valid).toBe(false);
  });

  it('PSP-2: an end of approval takes precedence over other reasons', () => {
    const r = checkApproval(approval({ endedAt: '2026-03-01' }), '2030-01-01', '17');
    expect(r).toEqual({ valid: false, reason: "L'agrément de l'association a pris fin (PSP-2)." });
  });

  it('PSP-2: Corsican and overseas département codes are compared exactly', () => {
    const a = approval({ departementCodes: ['2A', '974'] });
    expect(checkApproval(a, '2026-06-01', '2A').valid).toBe(true);
    expect(checkApproval(a, '2026-06-01', '974').valid).toBe(true);
    expect(checkApproval(a, '2026-06-01', '2B').valid).toBe(false);
  });
});
