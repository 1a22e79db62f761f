// Runs a Plan against the engine: operations in dependency order (`after`),
// independent ones in parallel up to a bound. On the first failure, or when the
// signal aborts, nothing new starts; running operations finish; the result says
// what was done, what failed and what never started.
import { cpus } from 'node:os';
import type Dockerode from 'dockerode';
import type { Operation, OperationKind, Plan, Subject } from '../plan/types';
import { orderOperations } from '../plan/order';
import { HostEngines } from '../hosts/engines';
import { runHostOperation } from '../hosts/host-operations';
import { explainHostFailure } from '../hosts/host-failure';
import { isHostOperation, runOperation } from './operations';

export interface ApplyCounts {
  total: number;
  done: number;
  failed: number;
  running: number;
}

export interface OperationEvent {
  type: 'started' | 'finished' | 'failed';
  key: string;
  kind: OperationKind;
  subject: Subject;
  message?: string;
  counts: ApplyCounts;
}

export interface FinalEvent {
  type: 'done' | 'aborted' | 'failed';
  /** Marks the last event of a run (an operation event has a key instead). */
  final: true;
  message?: string;
  counts: ApplyCounts;
}

export type ApplyEvent = OperationEvent | FinalEvent;

export interface ApplyOptions {
  /** Operations in flight at most; default: the number of CPUs. */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
}

export interface ApplyResult {
  ok: boolean;
  /** True when the signal stopped the run. */
  aborted: boolean;
  failed: { key: string; message: string }[];
  completed: string[];
  notStarted: string[];
  durationMs: number;
}

/** Operations that change a container's interfaces run one at a time per container, in plan order (eth1, eth2…). */
function serialGroup(op: Operation): string | undefined {
  return op.kind === 'connection.create' || op.kind === 'connection.remove' ? `netif:${op.host ?? ''}/${op.containerName}` : undefined;
}

export async function applyPlan(docker: Dockerode, plan: Plan, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const started = Date.now();
  const operations = plan.operations;
  const errors = plan.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`plan has errors, not applying it: ${errors.map((d) => d.message).join('; ')}`);
  orderOperations(operations); // throws on a malformed plan before any engine call
  const limit = Math.max(1, opts.concurrency ?? cpus().length);
  // Operations of a virtual host run on its nested engine, reached through `docker`;
  // those of a remote host on that host's engine.
  const engines = new HostEngines(docker, plan.lab, plan.remotes);
  const counts: ApplyCounts = { total: operations.length, done: 0, failed: 0, running: 0 };
  const emit = (event: ApplyEvent) => {
    try {
      opts.onEvent?.({ ...event, counts: { ...counts } });
    } catch {
      // a listener's failure is not the plan's
    }
  };

  const completed = new Set<string>();
  const failed: { key: string; message: string }[] = [];
  const startedKeys = new Set<string>();
  const busyGroups = new Set<string>();
  let stopping = false;
  let wake: (() => void) | undefined;
  const running = new Set<Promise<void>>();

  const onAbort = () => {
    stopping = true;
    wake?.();
  };
  if (opts.signal?.aborted) stopping = true;
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const launch = (op: Operation) => {
    startedKeys.add(op.key);
    const group = serialGroup(op);
    if (group) busyGroups.add(group);
    counts.running++;
    emit({ type: 'started', key: op.key, kind: op.kind, subject: op.subject, message: op.reason, counts });
    const task = (async () => {
      try {
        const note = isHostOperation(op) ? await runHostOperation(engines, op) : await runOperation(engines.engineOf(op.host), op, { lab: plan.lab });
        counts.running--;
        counts.done++;
        completed.add(op.key);
        emit({ type: 'finished', key: op.key, kind: op.kind, subject: op.subject, message: note, counts });
      } catch (err) {
        stopping = true;
        const said = err instanceof Error ? err.message : String(err);
        // a virtual host that stopped mid-way is the news, not the transport's complaint;
        // a remote host's failure says which machine it happened on
        const message = engines.isRemote(op.host)
          ? `on remote host ${op.host}: ${said}`
          : await explainHostFailure(docker, plan.lab, op, said, plan.remotes).catch(() => said);
        counts.running--;
        counts.failed++;
        failed.push({ key: op.key, message });
        emit({ type: 'failed', key: op.key, kind: op.kind, subject: op.subject, message, counts });
      } finally {
        if (group) busyGroups.delete(group);
      }
    })();
    running.add(task);
    void task.finally(() => {
      running.delete(task);
      wake?.();
    });
  };

  try {
    for (;;) {
      if (!stopping) {
        for (const op of operations) {
          if (running.size >= limit) break;
          if (startedKeys.has(op.key)) continue;
          if (!op.after.every((dep) => completed.has(dep))) continue;
          const group = serialGroup(op);
          if (group && busyGroups.has(group)) continue;
          launch(op);
        }
      }
      if (running.size === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }

  const aborted = !!opts.signal?.aborted && failed.length === 0;
  const notStarted = operations.filter((op) => !startedKeys.has(op.key)).map((op) => op.key);
  const ok = failed.length === 0 && notStarted.length === 0;
  const final: FinalEvent = ok
    ? { type: 'done', final: true, counts }
    : aborted
      ? { type: 'aborted', final: true, message: `stopped: ${notStarted.length} operation(s) not started`, counts }
      : { type: 'failed', final: true, message: failed.map((f) => f.message).join('; '), counts };
  emit(final);
  return {
    ok,
    aborted,
    failed,
    completed: operations.filter((op) => completed.has(op.key)).map((op) => op.key),
    notStarted,
    durationMs: Date.now() - started,
  };
}
