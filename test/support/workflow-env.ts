import { afterAll, beforeAll, expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type Logger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ActivityName, AssessmentActivities, MediationActivities, ProcedureActivities, RedBlackActivities, TaskActivities } from '../../activities';
import type { Actor, CompletedTask, TaskSpec } from '../../libs/domain/src';
import { completeTaskUpdate } from '../../workflows/lib/messages';
import { temporalCliPath, testServerPath } from './temporal-binaries';

const DAY = 24 * 60 * 60_000;

/** The activities of one activity class. */
export type ActivitiesOf<C> = Pick<C, ActivityName<C>>;

/** Every activity the workflows call, typed from the activity classes in activities/. */
export type WorkflowActivities = ActivitiesOf<TaskActivities> &
  ActivitiesOf<ProcedureActivities> &
  ActivitiesOf<MediationActivities> &
  ActivitiesOf<RedBlackActivities> &
  ActivitiesOf<AssessmentActivities>;

/** The input of every call a fake received, by activity. */
export type ActivityCalls<A> = { [K in keyof A]: A[K] extends (input: infer I) => unknown ? I[] : never };

type RecordedName<A> = { [K in keyof A]: A[K] extends (input: never) => Promise<void> ? K : never }[keyof A];

/** Fakes that only record their input, for activities that answer nothing. */
export function recorders<A, K extends RecordedName<A>>(names: readonly K[]): { acts: Pick<A, K>; calls: ActivityCalls<Pick<A, K>> } {
  const calls = Object.fromEntries(names.map((name) => [name, []])) as unknown as ActivityCalls<Pick<A, K>>;
  const record = (name: K) => async (input: unknown) => {
    (calls[name] as unknown[]).push(input);
  };
  return { acts: Object.fromEntries(names.map((name) => [name, record(name)])) as unknown as Pick<A, K>, calls };
}

/** Polls in real time (time skipping stays locked meanwhile) until the probe returns something. */
export async function eventually<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The ApplicationFailure an Update was refused with. */
export async function refusal(update: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await update.then(
    () => {
      throw new Error('the update was expected to be refused');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

/**
 * Waits until the workflow has no workflow task or activity in flight, then terminates it.
 * Terminating mid-task can leave the test server's time-skipping lock held, after which
 * env.sleep() runs in real time and later tests hang.
 */
export async function stop(handle: WorkflowHandle): Promise<void> {
  await eventually(async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const lastWorkflowTask = events.filter((e) => e.workflowTaskScheduledEventAttributes || e.workflowTaskStartedEventAttributes || e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes).at(-1);
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
    const closed = events.filter((e) => e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes || e.activityTaskCanceledEventAttributes).length;
    return Boolean(lastWorkflowTask?.workflowTaskCompletedEventAttributes) && scheduled === closed;
  }, 'the workflow to be idle');
  await handle.terminate('test over');
}

export type TaskFakes = Pick<WorkflowActivities, 'openTask' | 'completeTask' | 'remindTask' | 'extendTask' | 'reassignTask' | 'cancelTask' | 'createProcedure' | 'changeStage'>;

export interface TaskFakeHooks {
  /** Before each database write that opens a task or changes a stage: a test outage throws here. */
  beforeWrite?: () => void;
  /** Once a completeTask call is recorded, before it commits: a test may hold or fail it here. */
  beforeComplete?: (input: Parameters<TaskFakes['completeTask']>[0]) => Promise<void>;
}

/**
 * In-memory stand-ins for the task store and the procedures' read model, recording every call.
 * A completion commits once: the same actor's same decision again gets the same answer, any other
 * completion of a done or cancelled task is refused as the store refuses it.
 */
export function fakeTasks(hooks: TaskFakeHooks = {}): { acts: TaskFakes; calls: ActivityCalls<TaskFakes> } {
  const recorded = recorders<WorkflowActivities, 'remindTask' | 'extendTask' | 'reassignTask' | 'createProcedure'>(['remindTask', 'extendTask', 'reassignTask', 'createProcedure']);
  const calls: ActivityCalls<TaskFakes> = { ...recorded.calls, openTask: [], completeTask: [], cancelTask: [], changeStage: [] };
  const tasks = new Map<string, { spec: TaskSpec; done?: CompletedTask; cancelled?: boolean }>();
  const acts: TaskFakes = {
    async openTask(spec) {
      hooks.beforeWrite?.();
      calls.openTask.push(spec);
      if (!tasks.has(spec.id)) tasks.set(spec.id, { spec });
    },
    async completeTask(input) {
      calls.completeTask.push(input);
      await hooks.beforeComplete?.(input);
      const task = tasks.get(input.taskId);
      if (!task || task.cancelled) throw ApplicationFailure.nonRetryable(`task ${input.taskId} is not open`, 'TaskNotOpen');
      if (task.done) {
        if (task.done.completedBy === input.actor.userId && JSON.stringify(task.done.decision) === JSON.stringify(input.decision)) return task.done;
        throw ApplicationFailure.nonRetryable(`task ${input.taskId} is already done`, 'TaskNotOpen');
      }
      task.done = { taskId: input.taskId, kind: task.spec.kind, status: 'done', decision: input.decision, completedBy: input.actor.userId, completedAt: new Date().toISOString() };
      return task.done;
    },
    ...recorded.acts,
    async cancelTask(input) {
      calls.cancelTask.push(input);
      const task = tasks.get(input.taskId);
      if (task && !task.done) task.cancelled = true;
    },
    async changeStage(c) {
      hooks.beforeWrite?.();
      calls.changeStage.push(c);
    },
  };
  return { acts, calls };
}

export interface WorkflowEnvOptions {
  /** `time-skipping` (the default): the test server, whose time a test moves with `sleep`; `local`: the dev server, for schedules. */
  server?: 'time-skipping' | 'local';
  /** The worker's log; WARN by default. */
  logger?: Logger;
  /** Prefix of each worker's task queue. */
  name: string;
}

const startServer = (server: WorkflowEnvOptions['server']) =>
  server === 'local'
    ? TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() } } })
    : TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });

/**
 * A Temporal test server for one spec file, started before its tests and torn down after them;
 * `runWorker` runs one worker on the workflow bundle with the given fake activities for a test.
 */
export class WorkflowEnv {
  private server?: TestWorkflowEnvironment;
  private bundle?: Promise<WorkflowBundleWithSourceMap>;

  constructor(private readonly options: WorkflowEnvOptions) {}

  get client() {
    return this.current.client;
  }

  private get current(): TestWorkflowEnvironment {
    if (!this.server) throw new Error('the workflow environment is not started (call it from a test)');
    return this.server;
  }

  sleep = (ms: number) => this.current.sleep(ms);
  currentTimeMs = () => this.current.currentTimeMs();

  async start(): Promise<void> {
    // Core's notice that the test server lacks the heartbeat-on-failure capability is expected and filtered out.
    Runtime.install({ logger: this.options.logger ?? new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'WARN' } } } });
    this.server = await startServer(this.options.server);
  }

  async teardown(): Promise<void> {
    await this.server?.teardown();
  }

  /**
   * Runs a test on a server of its own, for a test that skips more time than the workflows the
   * other tests leave waiting (with no worker any more) let the shared server skip.
   */
  async onOwnServer(body: () => Promise<void>): Promise<void> {
    const shared = this.server;
    this.server = await startServer(this.options.server);
    try {
      await body();
    } finally {
      await this.server.teardown();
      this.server = shared;
    }
  }

  /** One worker on a fresh task queue with these activities, running until `body` is done; the workflows are bundled once, for the first. */
  async runWorker<T>(activities: Partial<WorkflowActivities>, body: (taskQueue: string) => Promise<T>): Promise<T> {
    this.bundle ??= bundleWorkflowCode({
      workflowsPath: join(process.cwd(), 'workflows/index.ts'),
      logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} } as never,
    });
    const taskQueue = `${this.options.name}-${randomUUID()}`;
    const worker = await Worker.create({ connection: this.current.nativeConnection, namespace: 'default', taskQueue, workflowBundle: await this.bundle, activities });
    return worker.runUntil(body(taskQueue));
  }

  /** A completion that stays valid for a day of workflow time from now. */
  inADay = async (): Promise<string> => new Date((await this.currentTimeMs()) + DAY).toISOString();

  /** Completes a task through the workflow's Update, as the API does. */
  complete = async (workflow: WorkflowHandle | string, taskId: string, decision: unknown, actor: Actor, opts: { expiresAt?: string; updateId?: string; comment?: string } = {}): Promise<CompletedTask> => {
    const handle = typeof workflow === 'string' ? this.client.workflow.getHandle(workflow) : workflow;
    return handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId, decision, actor, comment: opts.comment, expiresAt: opts.expiresAt ?? (await this.inADay()) }],
      updateId: opts.updateId ?? randomUUID(),
    });
  };
}

/** The spec file's workflow environment, started in `beforeAll` and torn down in `afterAll`. */
export function workflowEnv(options: WorkflowEnvOptions): WorkflowEnv {
  const env = new WorkflowEnv(options);
  beforeAll(() => env.start());
  afterAll(() => env.teardown());
  return env;
}
