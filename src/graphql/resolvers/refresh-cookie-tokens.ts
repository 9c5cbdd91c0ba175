import type { IssuedTokens } from '../../sessions/sessions.js';
import type { GraphQLContext } from '../../context.js';
import { AppError, unauthenticated } from '../../errors.js';
import { toAuthPayload, type AuthPayloadType } from '../types/auth-payload.type.js';

/**
 * The refresh-token cookie seen from the resolvers (REFRESH_TOKEN_COOKIE=true). Every resolver
 * that returns an AuthPayload hands it over with `deliverTokens`, so the cookie always holds
 * the session's newest refresh token; refreshToken and logout take their token from
 * `usingRefreshToken`, so an empty argument means "the cookie".
 */

/**
 * The AuthPayload of freshly issued tokens. In cookie mode the refresh token is set as the
 * cookie instead, and the answer's `refreshToken` is "": a copy in the body would be in reach
 * of the page's scripts, which is what the httpOnly cookie is for.
 */
export function deliverTokens(context: GraphQLContext, issued: IssuedTokens): AuthPayloadType {
  const payload = toAuthPayload(issued);
  if (!context.refreshCookie.carriesRefreshToken) return payload;
  context.refreshCookie.set(issued.refreshToken, issued.refreshExpiresIn);
  return { ...payload, refreshToken: '' };
}

/**
 * Runs `use` with the refresh token the caller presents: the argument, or the cookie when the
 * argument is empty. A cookie the server refuses is cleared (it can never work again: rotated
 * away, revoked or expired; a passing fault of ours must not sign anyone out), and so is one
 * that `use` consumed when `clearAfterwards` says so (logout).
 */
export async function usingRefreshToken<T>(
  context: GraphQLContext,
  argument: string,
  use: (refreshToken: string) => Promise<T>,
  { clearAfterwards = false } = {},
): Promise<T> {
  if (argument) return use(argument);
  const fromCookie = context.refreshCookie.read();
  if (!fromCookie) throw unauthenticated('No refresh token: pass one, or sign in again.');
  try {
    const result = await use(fromCookie);
    if (clearAfterwards) context.refreshCookie.clear();
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') context.refreshCookie.clear();
    throw error;
  }
}
