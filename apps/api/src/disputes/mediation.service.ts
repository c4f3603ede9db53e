import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../../libs/config/src';
import { conflict, mediationWorkflowId, notFound, periodRange, type QueryOf, type RequestBody } from '../../../../libs/domain/src';
import { DisputeStore, TaskStore, type DisputeCaseEntity, type DisputeEventEntity } from '../../../../libs/persistence/src';
import type { mediation } from '../../../../workflows/mediation.workflow';
import type { AuthUser } from '../auth/current-user';
import { ProcedureStarter } from '../procedures/procedure-starter';
import { MediationRiskGateway } from './mediation-risk.gateway';

@Injectable()
export class MediationService {
  constructor(
    private readonly starter: ProcedureStarter,
    private readonly disputes: DisputeStore,
    private readonly tasks: TaskStore,
    private readonly risks: MediationRiskGateway,
    private readonly config: AppConfig,
  ) {}

  /** R10: the case climbs the ladder of the current policy. Who may register: the access table. */
  async register(user: AuthUser, dispute: RequestBody<'disputeStart'>): Promise<{ caseId: string }> {
    await this.starter.requireVillage(dispute.villageId);
    const caseId = `${dispute.villageId}-${randomUUID()}`;
    await this.starter.start<typeof mediation>('mediation', {
      workflowId: mediationWorkflowId(caseId),
      alreadyExists: '案件已存在 / the case exists',
      memo: { villageId: dispute.villageId },
      args: (starting) => [{ caseId, ...starting, registeredBy: { userId: user.id, username: user.username }, dispute }],
    });
    // The workflow writes the case first; wait briefly so the caller can read it right away.
    const until = Date.now() + Math.min(this.config.temporal.updateWaitMs, 5000);
    while (Date.now() < until && !(await this.disputes.get(caseId))) await new Promise((r) => setTimeout(r, 100));
    return { caseId };
  }

  async get(caseId: string) {
    const found = await this.disputes.get(caseId);
    if (!found) throw notFound(`没有这个案件 / no dispute ${caseId}`);
    const tasks = await this.tasks.listByProcedure(mediationWorkflowId(caseId));
    return {
      ...caseView(found.dispute),
      timeline: found.events.map(eventView),
      tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, title: t.title, status: t.status, dueAt: t.dueAt?.toISOString() ?? null, completedBy: t.completedBy, completedAt: t.completedAt?.toISOString() ?? null })),
    };
  }

  /** scope: the villages the access table lets the caller list (null: every village). */
  async list(scope: string[] | null, q: QueryOf<'disputes'>) {
    const { items, total } = await this.disputes.list({ villageIds: scope, villageId: q.villageId, status: q.status, tier: q.tier }, q.page ?? 1, q.pageSize ?? 50);
    const now = Date.now();
    return { items: items.map((d) => caseView(d, now)), total };
  }

  async stats(scope: string[] | null, q: QueryOf<'disputeStats'>) {
    const range = q.year !== undefined ? periodRange(q.year, q.quarter, this.config.town.timezone) : null;
    const stats = await this.disputes.stats({ villageIds: scope, villageId: q.villageId }, range?.from ?? null, range?.to ?? null);
    return { year: q.year ?? null, quarter: q.quarter ?? null, villageId: q.villageId ?? null, ...stats };
  }

  /** R10 risk signs: checked here (who, which case, which sign), then handed to the case's workflow. */
  async reportRisk(user: AuthUser, caseId: string, report: RequestBody<'riskReport'>) {
    const found = await this.disputes.get(caseId);
    if (!found) throw notFound(`没有这个案件 / no dispute ${caseId}`);
    if (found.dispute.status === 'closed' || found.dispute.status === 'referred_to_litigation') throw conflict('该案件已结案 / the case is closed');
    return this.risks.report(mediationWorkflowId(caseId), report.flag, report.note, { userId: user.id, username: user.username });
  }
}

function caseView(d: DisputeCaseEntity, now = Date.now()) {
  return {
    caseId: d.id,
    villageId: d.villageId,
    title: d.details?.title ?? '',
    category: d.category,
    summary: d.summary,
    parties: d.details?.parties ?? [],
    major: Boolean(d.details?.major),
    tier: d.tier,
    tierName: d.details?.ladder?.[d.tier - 1]?.name ?? null,
    level: d.level,
    status: d.status,
    outcome: d.outcome,
    dueAt: d.dueAt?.toISOString() ?? null,
    overdue: d.status === 'open' && d.dueAt !== null && d.dueAt.getTime() < now,
    ladder: d.details?.ladder ?? [],
    registeredBy: d.registeredBy,
    registeredAt: d.registeredAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    closedAt: d.closedAt?.toISOString() ?? null,
    policyVersion: d.policyVersion,
  };
}

function eventView(e: DisputeEventEntity) {
  const { mailed: _mailed, ...detail } = e.detail ?? {};
  return { at: e.at.toISOString(), type: e.type, tier: e.tier, reason: e.reason, actorId: e.actorId, message: e.message, detail };
}
