import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Candidate, ResourceKind } from '../../../../libs/domain/src';
import { BallotEntity, DisputeCaseEntity, ProcedureEntity, TaskStore } from '../../../../libs/persistence/src';

/** What the access guard needs to know of a resource named in a path. */
export interface ResourceFacts {
  villageId: string | null;
  /** a procedure's type */
  type?: string;
  /** a task's candidates and who completed it */
  candidates?: Candidate[];
  completedBy?: string | null;
}

/** The one resolver from a resource id in a path to its village (and the facts the access table asks about). */
@Injectable()
export class ResourceVillages {
  constructor(
    private readonly ds: DataSource,
    private readonly tasks: TaskStore,
  ) {}

  /** undefined when there is no such resource. */
  async of(kind: ResourceKind, id: string): Promise<ResourceFacts | undefined> {
    switch (kind) {
      case 'dispute': {
        const d = await this.ds.getRepository(DisputeCaseEntity).findOne({ select: { id: true, villageId: true }, where: { id } });
        return d ? { villageId: d.villageId } : undefined;
      }
      case 'procedure': {
        const p = await this.ds.getRepository(ProcedureEntity).findOne({ select: { id: true, villageId: true, type: true }, where: { id } });
        return p ? { villageId: p.villageId, type: p.type } : undefined;
      }
      case 'ballot': {
        // A pending ballot is being opened by its workflow; it is not there for anyone yet.
        const b = await this.ds.getRepository(BallotEntity).findOne({ select: { id: true, villageId: true, status: true }, where: { id } });
        return b && b.status !== 'pending' ? { villageId: b.villageId } : undefined;
      }
      case 'task': {
        const t = await this.tasks.get(id);
        return t ? { villageId: t.task.villageId, candidates: t.candidates, completedBy: t.task.completedBy } : undefined;
      }
    }
  }
}
