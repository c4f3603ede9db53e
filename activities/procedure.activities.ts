import { Injectable } from '@nestjs/common';
import { ProcedureStore, type ProcedureStart, type StageChange } from '../libs/persistence/src';

/** The procedures' read model, written from workflows. */
@Injectable()
export class ProcedureActivities {
  constructor(private readonly store: ProcedureStore) {}

  async createProcedure(p: ProcedureStart): Promise<void> {
    await this.store.create(p);
  }

  async changeStage(c: StageChange): Promise<void> {
    await this.store.changeStage(c);
  }
}
