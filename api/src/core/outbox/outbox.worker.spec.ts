import { mapWithConcurrency, withSenderName } from './outbox.worker';

describe('mapWithConcurrency (the outbox sends a batch over a few SMTP connections at once)', () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('never runs more than the limit at once, uses the whole limit, and keeps the order of the results', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 5, async (n) => {
      running++;
      peak = Math.max(peak, running);
      // Later items finish first: the results must still follow the items.
      for (let i = 0; i < 12 - n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(peak).toBe(5);
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
  });

  it('starts no new item after a failure, lets the started ones end, then raises the first failure', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const run = mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 2) throw new Error('écriture refusée');
      await tick();
      ended.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('écriture refusée');
    expect(started).toEqual([1, 2]);
    expect(ended).toEqual([1]);
  });

  it('handles an empty list and a limit larger than the list', async () => {
    expect(await mapWithConcurrency([], 5, async (n: number) => n)).toEqual([]);
    expect(await mapWithConcurrency([1, 2], 50, async (n) => n + 1)).toEqual([2, 3]);
  });
});

describe('withSenderName (each département sends under its commission’s name)', () => {
  it('puts the département’s name before the address of MAIL_FROM, and keeps MAIL_FROM without a name', () => {
    expect(withSenderName('CDLP <ne-pas-repondre@cdlp.fr>', 'CDLP des Deux-Sèvres')).toBe('"CDLP des Deux-Sèvres" <ne-pas-repondre@cdlp.fr>');
    expect(withSenderName('ne-pas-repondre@cdlp.fr', 'CDLP de la "Vienne"')).toBe('"CDLP de la Vienne" <ne-pas-repondre@cdlp.fr>');
    expect(withSenderName('CDLP <ne-pas-repondre@cdlp.fr>', null)).toBe('CDLP <ne-pas-repondre@cdlp.fr>');
  });
});
