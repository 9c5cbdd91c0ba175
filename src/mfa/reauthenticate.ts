import type { EntityManager } from '@mikro-orm/core';
import type { AuthIdentity, RequestMeta } from '../core/request-meta.js';
import type { UserStore } from '../db/stores/user-store.js';
import { FieldErrorCollector, unauthenticated } from '../errors.js';
import { SecurityEventType, type SecurityEventSink } from '../events/index.js';
import type { RateLimits } from '../limits/rate-limit.js';
import type { AccountMail } from '../mail/account-mail.js';
import { checkPasswordUnderBudget } from '../password/password-check.js';
import { AuthMethod, type SessionAuthentication } from '../sessions/authentication.js';
import type { IssuedTokens, SessionService } from '../sessions/sessions.js';
import type { CodeAttempts } from './code-attempts.js';
import { parseSecondFactorCode } from './codes.js';
import { MALFORMED_CODE, WRONG_CODE } from './errors.js';
import type { SecondFactors } from './second-factor.js';

export interface ReauthenticateInput {
  password?: string | null;
  code?: string | null;
}

const WRONG_PASSWORD = 'The password is not right.';

/**
 * `reauthenticate`: the signed-in user proves who they are again with what the account has (its
 * password when it has one, and a code when it has a second factor), and the session's proof
 * (methods, assurance level, authenticatedAt) is renewed with fresh tokens. The code is spent in
 * the transaction that renews the session.
 */
export class ReauthenticationService {
  constructor(
    private readonly users: UserStore,
    private readonly factors: SecondFactors,
    private readonly attempts: CodeAttempts,
    private readonly sessions: SessionService,
    private readonly rateLimits: RateLimits,
    private readonly events: SecurityEventSink,
    private readonly mail: AccountMail,
  ) {}

  async reauthenticate(em: EntityManager, caller: AuthIdentity, input: ReauthenticateInput, meta: RequestMeta): Promise<IssuedTokens> {
    const user = await this.users.findById(em, caller.userId);
    if (!user) throw unauthenticated();
    const errors = new FieldErrorCollector();
    const hasPassword = user.passwordHash !== null;
    if (hasPassword && !input.password) errors.add('password', 'Enter your password.');
    if (!hasPassword && !user.mfaEnabled) errors.add('password', 'This account has no password: sign in again the way you usually do.');
    const code = input.code ? parseSecondFactorCode(input.code) : null;
    if (user.mfaEnabled && !input.code) errors.add('code', 'This account has two-factor authentication: enter a code from your app or a recovery code.');
    else if (input.code && !code) errors.add('code', MALFORMED_CODE);
    errors.throwIfAny();

    if (hasPassword && !(await checkPasswordUnderBudget(em, { rateLimits: this.rateLimits, events: this.events }, user, input.password, meta))) {
      errors.add('password', WRONG_PASSWORD);
      errors.throwIfAny();
    }
    const methods: AuthMethod[] = hasPassword ? [AuthMethod.PASSWORD] : [];
    if (!code || !user.mfaEnabled) return this.renew(em, caller, methods, 1);

    const proved = await this.attempts.run(em, user, meta, () =>
      this.events.transaction(em, async (tx, emit) => {
        const method = await this.factors.spend(tx, user.id, code);
        if (!method) return null;
        if (method === AuthMethod.RECOVERY_CODE) emit({ type: SecurityEventType.RECOVERY_CODE_USED, userId: user.id, sessionId: caller.sessionId, meta });
        return { method, value: await this.renew(tx, caller, [...methods, method], 2) };
      }),
    );
    if (!proved) {
      errors.add('code', WRONG_CODE);
      errors.throwIfAny();
    }
    if (proved!.method === AuthMethod.RECOVERY_CODE) this.mail.secondFactorChanged(user.email, user.username, 'recovery_code_used');
    return proved!.value;
  }

  private renew(em: EntityManager, caller: AuthIdentity, methods: AuthMethod[], assuranceLevel: 1 | 2): Promise<IssuedTokens> {
    const authentication: SessionAuthentication = { methods, assuranceLevel, authenticatedAt: new Date() };
    return this.sessions.renew(em, caller.user, caller.sessionId, authentication);
  }
}
