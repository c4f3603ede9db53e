import { ApplicationFailure, startChild, type ChildWorkflowOptions, type WithWorkflowArgs, type Workflow } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

/** Failure type of signalling a workflow that does not exist (or has closed), set by the SDK core. */
const EXTERNAL_NOT_FOUND = 'ExternalWorkflowExecutionNotFound';

/**
 * Starts a child once: false when a workflow with that id was already started (the parent ran
 * again, or another run started it). Any other failure propagates.
 */
export async function startChildOnce<T extends Workflow>(workflow: T, options: WithWorkflowArgs<T, Omit<ChildWorkflowOptions, 'typeInfo'> & { typeInfo?: never; workflowId: string }>): Promise<boolean> {
  try {
    await startChild(workflow, options);
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** Runs a signal to another workflow; false when that workflow does not exist. Any other failure propagates. */
export async function signalIfRunning(signal: () => Promise<void>): Promise<boolean> {
  try {
    await signal();
    return true;
  } catch (err) {
    if (err instanceof ApplicationFailure && err.type === EXTERNAL_NOT_FOUND) return false;
    throw err;
  }
}
