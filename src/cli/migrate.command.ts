import type { Command } from 'commander';
import { migrate } from '../platform/db/index.js';
import { withPlatform } from './context.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending SQL migrations from migrations/ to the configured database')
    .action(async () => {
      await withPlatform({ migrate: false }, async ({ db, log, migrations }) => {
        const applied = await migrate(db, log, migrations);
        const names = applied.map((m) => `  ${String(m.version).padStart(4, '0')}_${m.name}`);
        console.log(
          applied.length === 0
            ? `Database (${db.kind}) is up to date: ${migrations.length} migration(s) applied.`
            : `Applied ${applied.length} migration(s) to ${db.kind}:\n${names.join('\n')}`,
        );
      });
    });
}
