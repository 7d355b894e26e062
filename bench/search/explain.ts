import { type SearchQuery, searchLeads } from '../../src/modules/search/index.js';
import type { Queryable, QueryResult, Transaction } from '../../src/platform/db/index.js';

interface Recorded {
  sql: string;
  params: readonly unknown[];
  settings: string[];
}

const settings: string[] = [];

/** A Queryable that forwards everything and remembers each parameterised statement it ran, with the settings before it. */
function recording(db: Queryable, seen: Recorded[]): Queryable {
  const wrap = (target: Queryable): Queryable => ({
    query: <R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
      seen.push({ sql, params: params ?? [], settings: [...settings] });
      return target.query<R>(sql, params);
    },
    // Search's transaction-local settings (JIT off, planner hints) apply to the statements after them.
    exec: (sql) => {
      settings.push(sql);
      return target.exec(sql);
    },
    transaction: (fn) => target.transaction((tx) => fn(wrap(tx) as Transaction)),
  });
  return wrap(db);
}

export interface PlanSummary {
  statement: string;
  executionMs: string;
  buffers: string;
  summary: string;
}

/** Runs the query once while recording its SQL, then EXPLAINs (ANALYZE, BUFFERS) every statement. */
export async function explainQuery(
  db: Queryable,
  query: SearchQuery,
  facets: boolean,
): Promise<PlanSummary[]> {
  const seen: Recorded[] = [];
  settings.length = 0;
  await searchLeads(recording(db, seen), query, { facets });
  const plans: PlanSummary[] = [];
  for (const [i, { sql, params, settings: before }] of seen.entries()) {
    if (!/^\s*(WITH|SELECT)/i.test(sql)) continue;
    // As search runs them: in a transaction with the settings search made before the statement.
    const { rows } = await db.transaction(async (tx) => {
      for (const setting of before) await tx.exec(setting);
      return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    });
    const lines = rows.map((row) => row['QUERY PLAN']);
    const execution =
      lines.find((line) => line.startsWith('Execution Time'))?.match(/([\d.]+) ms/)?.[1] ?? '?';
    const buffers = lines.find((line) => line.trim().startsWith('Buffers:'))?.trim() ?? '';
    const nodes = lines
      .filter((line, index) => index === 0 || line.includes('->'))
      .slice(0, 6)
      .map((line) =>
        line
          .replace(/->\s*/, '')
          .replace(/\s*\(cost=.*$/, '')
          .trim(),
      );
    const hit = buffers.match(/hit=(\d+)/)?.[1] ?? '0';
    const read = buffers.match(/read=(\d+)/)?.[1] ?? '0';
    plans.push({
      statement: `#${i + 1} ${sql.replace(/\s+/g, ' ').trim().slice(0, 40)}…`,
      executionMs: execution,
      buffers: `${hit}/${read}`,
      summary: nodes.join(' → '),
    });
  }
  return plans;
}
