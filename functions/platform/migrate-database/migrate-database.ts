/**
 * Applies the Postgres schema migrations on deployment (CDK Trigger). A failure throws, so the
 * deployment fails and rolls back before new handlers meet an old schema.
 */
import type { Logger } from '@aws-lambda-powertools/logger';

export interface MigrateDatabaseDeps {
  /** Applies pending migrations and returns their names. */
  readonly migrate: () => Promise<string[]>;
  readonly logger: Logger;
}

export interface MigrateDatabaseResult {
  readonly applied: readonly string[];
}

export function makeMigrateDatabaseHandler(deps: MigrateDatabaseDeps) {
  return async (): Promise<MigrateDatabaseResult> => {
    const started = Date.now();
    try {
      const applied = await deps.migrate();
      deps.logger.info('migrations applied', { applied, count: applied.length, ms: Date.now() - started });
      return { applied };
    } catch (error) {
      deps.logger.error('migrations failed', { error: error instanceof Error ? error : String(error) });
      throw error;
    }
  };
}
