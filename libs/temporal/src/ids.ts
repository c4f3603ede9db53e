import { randomUUID } from 'node:crypto';
import { contractReviewWorkflowId } from '../../domain/src/ids';

/** A contract review's id at submission (the id builders are in libs/domain/src/ids.ts, which workflows import too). */
export function contractReviewId(villageId: string): string {
  return contractReviewWorkflowId(villageId, randomUUID());
}
