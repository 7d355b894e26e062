/** A benchmark's result: printed as a Markdown table so it can go straight into a note. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Renders a table in Markdown. */
export function renderTable(table: BenchTable): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [
    `### ${table.title}`,
    '',
    line(table.columns),
    line(table.columns.map(() => '---')),
    ...table.rows.map(line),
    '',
  ].join('\n');
}
