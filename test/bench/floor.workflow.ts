import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The engine's floor for `make bench-votes`: a workflow that takes Updates and does nothing else. */
export const floorVote = defineUpdate<{ voterId: string; n: number }, [{ voterId: string; choice: string }]>('floorVote');

export async function votesFloor(expected: number): Promise<number> {
  const votes = new Map<string, string>();
  setHandler(floorVote, (v) => {
    votes.set(v.voterId, v.choice);
    return { voterId: v.voterId, n: votes.size };
  });
  await condition(() => votes.size >= expected);
  return votes.size;
}
