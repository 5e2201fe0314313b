import { AgendaCandidate, orderAgenda } from './agenda';

function candidate(id: string, over: Partial<AgendaCandidate> = {}): AgendaCandidate {
  return { id, urgent: false, kind: 'INITIAL', completedAt: '2026-03-01T09:00:00.000Z', periodEnd: null, ...over };
}

const SITTING = '2026-04-15';
const ids = (list: AgendaCandidate[]) => list.map((c) => c.id);

describe('orderAgenda', () => {
  it('PSP-4: complete requests are ordered by completion date, oldest first', () => {
    const list = [
      candidate('c', { completedAt: '2026-03-10T09:00:00.000Z' }),
      candidate('a', { completedAt: '2026-02-01T09:00:00.000Z' }),
      candidate('b', { completedAt: '2026-03-01T09:00:00.000Z' }),
    ];
    expect(ids(orderAgenda(list, SITTING))).toEqual(['a', 'b', 'c']);
  });

  it('PSP-4: urgent requests come first, even when completed last', () => {
    const list = [
      candidate('old', { completedAt: '2026-01-01T09:00:00.000Z' }),
      candidate('urgent', { urgent: true, completedAt: '2026-04-10T09:00:00.000Z' }),
    ];
    expect(ids(orderAgenda(list, SITTING))).toEqual(['urgent', 'old']);
  });

  it('PSP-4: renewals whose period ends before the sitting come after urgent requests and before the others', () => {
    const list = [
      candidate('initial-old', { completedAt: '2026-01-01T09:00:00.000Z' }),
      candidate('renewal-due', { kind: 'RENEWAL', periodEnd: '2026-04-10', completedAt: '2026-04-01T09:00:00.000Z' }),
      candidate('urgent', { urgent: true, completedAt: '2026-04-05T09:00:00.000Z' }),
      candidate('renewal-later', { kind: 'RENEWAL', periodEnd: '2026-06-30', completedAt: '2026-02-01T09:00:00.000Z' }),
    ];
    expect(ids(orderAgenda(list, SITTING))).toEqual(['urgent', 'renewal-due', 'initial-old', 'renewal-later']);
  });

  it('PSP-4: a renewal whose period ends on the day of the sitting is due', () => {
    const list = [
      candidate('initial', { completedAt: '2026-01-01T09:00:00.000Z' }),
      candidate('renewal', { kind: 'RENEWAL', periodEnd: SITTING, completedAt: '2026-04-01T09:00:00.000Z' }),
    ];
    expect(ids(orderAgenda(list, SITTING))).toEqual(['renewal', 'initial']);
  });

  it('PSP-4: several urgent requests are ordered by completion date between themselves', () => {
    const list = [
      candidate('u2', { urgent: true, completedAt: '2026-04-02T09:00:00.000Z' }),
      candidate('u1', { urgent: true, completedAt: '2026-04-01T09:00:00.000Z' }),
    ];
    expect(ids(orderAgenda(list, SITTING))).toEqual(['u1', 'u2']);
  });

  it('PSP-4: equal completion dates give a stable order by id; the input is not modified', () => {
    const list = [candidate('b'), candidate('a')];
    expect(ids(orderAgenda(list, SITTING))).toEqual(['a', 'b']);
    expect(ids(list)).toEqual(['b', 'a']);
  });
});
