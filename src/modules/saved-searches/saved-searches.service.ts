import type { Database } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/http/errors.js';
import { searchInterestKeys } from './interest-keys.js';
import { queryProblem } from './query-rules.js';
import { SavedSearchLimitError, SavedSearchNotFoundError } from './saved-searches.errors.js';
import {
  deleteSavedSearch,
  getSavedSearch,
  insertSavedSearch,
  isEmptyTextQuery,
  listSavedSearches,
  lockAndCountSavedSearches,
  replaceInterestKeys,
  type SavedSearchFields,
  type SavedSearchRow,
  updateSavedSearch,
} from './saved-searches.repository.js';
import type { CreateSavedSearch, SavedQuery, UpdateSavedSearch } from './saved-searches.schemas.js';

export interface SavedSearchesDeps {
  db: Database;
  /** Saved searches one account may keep. */
  maxPerUser: number;
  clock?: () => Date;
}

export type SavedSearchesService = ReturnType<typeof createSavedSearchesService>;

/** Create, list, read, change and delete a user's saved searches; each write keeps its interest keys. */
export function createSavedSearchesService(deps: SavedSearchesDeps) {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());

  async function checkQuery(query: SavedQuery): Promise<void> {
    const problem = queryProblem(query);
    if (problem) throw new ValidationError(problem.field, problem.message);
    if (query.q !== undefined && (await isEmptyTextQuery(db, query.q)))
      throw new ValidationError('query.q', 'has no searchable words (only stop words)');
  }

  function channelFields(
    channels: CreateSavedSearch['channels'],
    current?: SavedSearchRow,
  ): Pick<SavedSearchFields, 'email_enabled' | 'webhook_url' | 'webhook_secret'> {
    // Absent keeps the current webhook; null removes it.
    const kept =
      current?.webhook_url && current.webhook_secret
        ? { url: current.webhook_url, secret: current.webhook_secret }
        : null;
    const webhook = channels?.webhook === undefined ? kept : channels.webhook;
    return {
      email_enabled: channels?.email ?? current?.email_enabled ?? false,
      webhook_url: webhook?.url ?? null,
      webhook_secret: webhook?.secret ?? null,
    };
  }

  function checkChannels(channels: CreateSavedSearch['channels']): void {
    const url = channels?.webhook?.url;
    if (url !== undefined && !URL.canParse(url))
      throw new ValidationError('channels.webhook.url', 'is not a valid URL');
  }

  return {
    async create(userId: string, input: CreateSavedSearch): Promise<SavedSearchRow> {
      await checkQuery(input.query);
      checkChannels(input.channels);
      return db.transaction(async (tx) => {
        if ((await lockAndCountSavedSearches(tx, userId)) >= deps.maxPerUser)
          throw new SavedSearchLimitError(deps.maxPerUser);
        const row = await insertSavedSearch(tx, userId, {
          name: input.name,
          query: input.query,
          frequency: input.frequency ?? 'instant',
          ...channelFields(input.channels),
        });
        await replaceInterestKeys(tx, row.id, searchInterestKeys(row.query));
        return row;
      });
    },

    list: (userId: string) => listSavedSearches(db, userId),

    async get(userId: string, id: string): Promise<SavedSearchRow> {
      const row = await getSavedSearch(db, userId, id);
      if (!row) throw new SavedSearchNotFoundError();
      return row;
    },

    async update(userId: string, id: string, input: UpdateSavedSearch): Promise<SavedSearchRow> {
      if (input.query) await checkQuery(input.query);
      checkChannels(input.channels);
      return db.transaction(async (tx) => {
        const current = await getSavedSearch(tx, userId, id, { forUpdate: true });
        if (!current) throw new SavedSearchNotFoundError();
        const row = await updateSavedSearch(
          tx,
          id,
          {
            name: input.name ?? current.name,
            query: input.query ?? current.query,
            frequency: input.frequency ?? current.frequency,
            ...channelFields(input.channels, current),
          },
          now(),
        );
        if (input.query) await replaceInterestKeys(tx, id, searchInterestKeys(row.query));
        return row;
      });
    },

    async remove(userId: string, id: string): Promise<void> {
      if (!(await deleteSavedSearch(db, userId, id))) throw new SavedSearchNotFoundError();
    },
  };
}
