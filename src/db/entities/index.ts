import { OneTimeToken } from './OneTimeToken.js';
import { Session } from './Session.js';
import { User } from './User.js';

export { Role, User } from './User.js';
export { AuthMethod, Session } from './Session.js';
export { OneTimeToken, TokenPurpose } from './OneTimeToken.js';

export const entities = [User, Session, OneTimeToken];
