import type { PriceResult } from './pricing.types.js';
import type { Scenario, SimulationRow } from './simulate.js';

// The simulator's text table, apart from the simulation so each file stays readable.

const multiplierOf = (result: PriceResult, code: string) => {
  const factor = result.receipt.factors.find((candidate) => candidate.code === code);
  return factor ? factor.effect.by.toFixed(2) : '-';
};

/** The simulation as a fixed-width text table: each factor's multiplier and the price, step by step. */
export function renderSimulation(scenario: Scenario, rows: SimulationRow[]): string {
  const header = [
    '#',
    'step',
    'day',
    'held',
    'market',
    'quality',
    'fresh',
    'demand',
    'ratio',
    'excl',
    'price',
    'change',
    'notes',
  ];
  let previous: number | null = null;
  const body = rows.map((row, i) => {
    const { result } = row;
    const change =
      previous === null ? '' : `${result.credits - previous >= 0 ? '+' : ''}${result.credits - previous}`;
    previous = result.credits;
    const notes = [
      result.receipt.floor_or_ceiling_applied,
      result.receipt.exclusive ? 'exclusive' : null,
      result.receipt.availability !== 'available' ? result.receipt.availability : null,
      result.receipt.discount > 0 ? `-${result.receipt.discount} plan` : null,
    ].filter(Boolean);
    return [
      String(i),
      row.step,
      row.day.toFixed(1),
      String(row.holders),
      multiplierOf(result, 'MARKET'),
      multiplierOf(result, 'QUALITY'),
      multiplierOf(result, 'FRESHNESS'),
      multiplierOf(result, 'DEMAND'),
      row.demandRatio.toFixed(2),
      multiplierOf(result, 'EXCLUSIVITY'),
      String(result.credits),
      change,
      notes.join(', '),
    ];
  });
  const widths = header.map((title, col) =>
    Math.max(title.length, ...body.map((cells) => cells[col]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === 1 || col === 12 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd();
  const first = rows[0]?.result.receipt;
  return [
    `Scenario: ${scenario.name}${scenario.description ? ` — ${scenario.description}` : ''}`,
    `Rules ${first?.version ?? '?'}; base ${first?.base ?? '?'} credits; multipliers per factor, price in credits.`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    '',
  ].join('\n');
}
