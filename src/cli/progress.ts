/** A one-line progress bar on a terminal (stderr); silent when output is piped or in CI. */
export function createProgress(total: number, label: string): { tick(n?: number): void; done(): void } {
  const enabled = Boolean(process.stderr.isTTY) && total > 1;
  let current = 0;
  let lastDraw = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round((current / total) * width);
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current}/${total}`,
    );
  };
  return {
    tick(n = 1) {
      current += n;
      if (enabled && (Date.now() - lastDraw > 100 || current === total)) {
        lastDraw = Date.now();
        draw();
      }
    },
    done() {
      if (enabled) process.stderr.write('\n');
    },
  };
}

/** Prints rows as an aligned two-column table (the summaries at the end of long commands). */
export function printSummary(title: string, rows: [string, string | number][]): void {
  const width = Math.max(...rows.map(([key]) => key.length));
  console.log(title);
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`);
}
