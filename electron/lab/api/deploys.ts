// labDeploy: plan and apply with progress events, at most one deploy per lab at a time.
import type { DeployOutcome, DeployProgressEvent } from '../api';
import type { ApplyEvent } from '../docker/apply';
import { applyPrepared, checkLabText, prepareUp } from '../lab-service';
import { hasErrors, type Diagnostic } from '../model/diagnostics';
import { describeOperation } from '../plan/order';
import type { Operation } from '../plan/types';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { LabApiFailure } from './failure';

export interface Deploys {
  deploy(text: string): Promise<DeployOutcome>;
  /** Two applies of one lab would race on the same containers: the second is refused, not queued. */
  refuseIfBusy(lab: string): void;
  /** Aborts the running deploys and waits for them to stop. */
  abortAll(): Promise<void>;
}

const refused = (diagnostics: Diagnostic[]): DeployOutcome => ({ ok: false, diagnostics, failed: [], completed: [], notStarted: [] });

function progress(lab: string, event: ApplyEvent, byKey: Map<string, Operation>): DeployProgressEvent {
  if ('final' in event) return { lab, type: event.type, message: event.message, counts: event.counts };
  const op = byKey.get(event.key);
  return { lab, type: event.type, key: event.key, subject: event.subject, label: op ? describeOperation(op) : undefined, message: event.message, counts: event.counts };
}

export function createDeploys(withDocker: WithDocker, emit: Emit): Deploys {
  const deploying = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  async function apply(text: string, lab: string, signal: AbortSignal): Promise<DeployOutcome> {
    return withDocker(async (docker) => {
      const prepared = await prepareUp(docker, text);
      if (!('plan' in prepared)) return refused(prepared.diagnostics);
      if (hasErrors(prepared.diagnostics)) return { ...refused(prepared.diagnostics), plan: prepared.plan };
      const byKey = new Map(prepared.plan.operations.map((op) => [op.key, op]));
      const result = await applyPrepared(docker, prepared, { signal, onEvent: (event) => emit('deployProgress', progress(lab, event, byKey)) });
      return { ok: result.ok, plan: prepared.plan, diagnostics: prepared.diagnostics, failed: result.failed, completed: result.completed, notStarted: result.notStarted };
    });
  }

  function refuseIfBusy(lab: string): void {
    if (deploying.has(lab)) throw new LabApiFailure('busy', `Lab ${lab} is being deployed right now; wait until it finishes.`);
  }

  async function deploy(text: string): Promise<DeployOutcome> {
    const checked = checkLabText(text); // pure: tells the lab name without touching the engine
    if (!checked.document || hasErrors(checked.diagnostics)) return refused(checked.diagnostics);
    const lab = checked.document.name;
    refuseIfBusy(lab);
    const controller = new AbortController();
    const done = apply(text, lab, controller.signal);
    deploying.set(lab, { controller, done: done.catch(() => undefined) });
    try {
      return await done;
    } finally {
      deploying.delete(lab);
    }
  }

  async function abortAll(): Promise<void> {
    // running operations finish; nothing new starts (apply's abort semantics)
    const running = [...deploying.values()];
    for (const d of running) d.controller.abort();
    await Promise.all(running.map((d) => d.done));
  }

  return { deploy, refuseIfBusy, abortAll };
}
