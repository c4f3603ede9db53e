import { randomUUID } from 'node:crypto';

/** Workflow ids are business keys; a contract has none, so its review gets a fresh one at submission. */
export function contractReviewId(villageId: string): string {
  return `contract/${villageId}/${randomUUID()}`;
}
