import { AppError, NotFoundError } from '../../platform/http/errors.js';

/** No saved search with this id belongs to the caller (another user's id answers the same). */
export class SavedSearchNotFoundError extends NotFoundError {
  constructor() {
    super('SAVED_SEARCH_NOT_FOUND', 'No such saved search');
  }
}

/** The caller already has as many saved searches as one account may keep. */
export class SavedSearchLimitError extends AppError {
  constructor(limit: number) {
    super('SAVED_SEARCH_LIMIT', `An account may keep at most ${limit} saved searches`, 409, { limit });
  }
}

/** No notification with this id belongs to the caller. */
export class NotificationNotFoundError extends NotFoundError {
  constructor() {
    super('NOTIFICATION_NOT_FOUND', 'No such notification');
  }
}
