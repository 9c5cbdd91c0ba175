import { bearer, postGraphQL, type GraphQLResponse } from './http.js';
import type { TestServer } from './server.js';

export const EVENT_FIELDS = 'id type at userId actorId sessionId ipAddress userAgent';

export const SECURITY_EVENTS = `query ($first: Int, $after: String) {
  securityEvents(first: $first, after: $after) { edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;

export const AUDIT_LOG = `query ($userId: ID, $types: [SecurityEventType!], $first: Int, $after: String) {
  auditLog(userId: $userId, types: $types, first: $first, after: $after) {
    edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;

export interface EventNode {
  id: string;
  type: string;
  at: string;
  userId: string | null;
  actorId: string | null;
  sessionId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface EventPage {
  edges: Array<{ cursor: string; node: EventNode }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The caller's own events (one page), failing the test on any error. */
export async function ownEvents(url: string, accessToken: string, variables: Record<string, unknown> = {}): Promise<EventNode[]> {
  const response = await postGraphQL<{ securityEvents: EventPage }>(url, SECURITY_EVENTS, variables, bearer(accessToken));
  if (!response.data) throw new Error(`securityEvents failed: ${JSON.stringify(response.errors)}`);
  return response.data.securityEvents.edges.map((edge) => edge.node);
}

/** One page of the audit log, failing the test on any error. */
export async function auditLog(url: string, accessToken: string, variables: Record<string, unknown> = {}): Promise<EventNode[]> {
  const response: GraphQLResponse<{ auditLog: EventPage }> = await postGraphQL(url, AUDIT_LOG, variables, bearer(accessToken));
  if (!response.data) throw new Error(`auditLog failed: ${JSON.stringify(response.errors)}`);
  return response.data.auditLog.edges.map((edge) => edge.node);
}

/** Runs raw SQL on the server's database (test set-up: triggers, row checks). */
export async function sql<T = Record<string, unknown>>(server: TestServer, text: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.getConnection().execute(text, params) as Promise<T[]>;
}
