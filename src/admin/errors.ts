import { badUserInput } from '../errors.js';

/** An unknown id, or an account deleted a moment earlier: the same answer. */
export const noSuchUser = () => badUserInput({ id: ['No user with this id.'] }, 'User not found.');

export const lastActiveAdmin = () =>
  badUserInput(
    { id: ['This is the last active admin: make another account an active admin first.'] },
    'The last active admin cannot be demoted, deactivated or deleted.',
  );
