import { AsyncLocalStorage } from 'node:async_hooks';
import { Role } from '@cdlp/shared';

export interface RequestActor {
  userId: string;
  role: Role;
  sessionId: string;
}

export interface RequestContextStore {
  requestId: string;
  actor: RequestActor | null;
}

/** Request-scoped facts (request id, actor) carried without passing them through every call. */
export const requestContext = new AsyncLocalStorage<RequestContextStore>();

export function currentRequestId(): string | null {
  return requestContext.getStore()?.requestId ?? null;
}

export function currentActor(): RequestActor | null {
  return requestContext.getStore()?.actor ?? null;
}
