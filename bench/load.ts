/** What `drive` measured: wall time and every operation's latency, sorted (ms). */
export interface LoadRun {
  seconds: number;
  latencies: number[];
}

/** Runs `total` operations with `concurrency` callers pulling from one counter. */
export async function drive(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<LoadRun> {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/** The `p` quantile (0–1) of sorted values; 0 for none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** A run's table cells: operations per second, then the latency (ms) at each quantile. */
export function loadCells(total: number, run: LoadRun, quantiles: readonly number[]): (string | number)[] {
  return [Math.round(total / run.seconds), ...quantiles.map((q) => percentile(run.latencies, q).toFixed(1))];
}
