import { performance } from 'node:perf_hooks';

/**
 * What every benchmark suite prints: its figures, then one ratio line per target, so that
 * runs can be compared at a glance. A ratio under 1 meets the target (or, for a side-by-side
 * comparison, means the first figure is the smaller). The runner (bench/run.mjs) repeats the
 * ratio lines of every suite at the end.
 */
export interface Ratio {
  label: string;
  /** measured / reference */
  value: number;
  detail: string;
}

export interface SuiteResult {
  ratios: Ratio[];
}

export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function stats(xs: number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1] };
}

export const ms = (x: number): string => `${x.toFixed(0)} ms`;

/** Runs `fn` and returns its duration in milliseconds with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** A ratio against a target ("under the target" when below 1), printed at once. */
export function targetRatio(label: string, measuredMs: number, targetMs: number): Ratio {
  const r: Ratio = {
    label,
    value: measuredMs / targetMs,
    detail: `${ms(measuredMs)} / target ${ms(targetMs)}${measuredMs < targetMs ? '' : ' — OVER TARGET'}`,
  };
  printRatio(r);
  return r;
}

/** A side-by-side ratio (a / b), printed at once. */
export function compareRatio(label: string, a: number, b: number, detail: string): Ratio {
  const r: Ratio = { label, value: a / b, detail };
  printRatio(r);
  return r;
}

export function printRatio(r: Ratio): void {
  out(`  ratio ${r.label}: ${r.value.toFixed(2)} (${r.detail})`);
}
