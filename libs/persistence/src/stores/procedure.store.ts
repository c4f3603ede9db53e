import { Injectable } from '@nestjs/common';
import { clip } from '../../../domain/src';
import { row } from './row';
import { DataSource } from 'typeorm';
import { ProcedureEntity, ProcedureEventEntity } from '../entities';
import { forUpdate, writeOnce, writeTransaction } from './lock';
import type { ProcedureStart } from '../../../domain/src';

export type { ProcedureStart };

export interface StageChange {
  procedureId: string;
  /** Deterministic within the workflow, so a retried activity writes the event once. */
  eventId: string;
  stage: string;
  message: string;
  actorId?: string | null;
  details?: Record<string, unknown>;
  detail?: Record<string, unknown>;
}

/** The procedures' read model: current stage and history, written by workflow activities. */
@Injectable()
export class ProcedureStore {
  constructor(private readonly ds: DataSource) {}

  async create(p: ProcedureStart, now = new Date()): Promise<void> {
    await writeOnce(this.ds, ProcedureEntity, p.id, async (m) => {
      await m.insert(ProcedureEntity, row<ProcedureEntity>({ ...p, createdAt: now, updatedAt: now }));
      await m.insert(ProcedureEventEntity, row<ProcedureEventEntity>({ id: `${p.id}#started`, procedureId: p.id, at: now, type: 'started', message: `发起:${p.title}`, actorId: p.startedBy, detail: {} }));
    });
  }

  async changeStage(c: StageChange, now = new Date()): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      const proc = await m.findOne(ProcedureEntity, { where: { id: c.procedureId }, ...forUpdate(m) });
      if (!proc) throw new Error(`procedure ${c.procedureId} does not exist`);
      if (await m.existsBy(ProcedureEventEntity, { id: c.eventId })) return;
      await m.update(ProcedureEntity, { id: c.procedureId }, row<ProcedureEntity>({ stage: c.stage, updatedAt: now, details: { ...proc.details, ...(c.details ?? {}) } }));
      await m.insert(ProcedureEventEntity, row<ProcedureEventEntity>({ id: c.eventId, procedureId: c.procedureId, at: now, type: 'stage', message: clip(c.message, 500), actorId: c.actorId ?? null, detail: { stage: c.stage, ...(c.detail ?? {}) } }));
    });
  }

  async get(id: string): Promise<{ procedure: ProcedureEntity; history: ProcedureEventEntity[] } | null> {
    const procedure = await this.ds.getRepository(ProcedureEntity).findOneBy({ id });
    if (!procedure) return null;
    const history = await this.ds.getRepository(ProcedureEventEntity).find({ where: { procedureId: id }, order: { at: 'ASC', id: 'ASC' } });
    return { procedure, history };
  }
}
