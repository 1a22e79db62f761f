// LabApi: the one contract between the UI and the engine. Served by Electron IPC
// (preload exposes one function per method) and by the WebSocket bridge (browser
// mode, e2e); the renderer's client does not know which. Every request payload has
// a runtime schema and is validated on the serving side before anything runs.
// This file is pure (no Node, no Docker) so the renderer can import it.
import { z } from 'zod';
import type { Diagnostic } from './model/diagnostics';
import type { Plan, Subject } from './plan/types';

// ---------------------------------------------------------------- payloads

const LabText = z.string().max(2_000_000, 'a lab file is at most 2 MB');
/** A file inside the workspace folder: a plain relative name, no way out of the folder. */
const WorkspacePath = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!.*\.\.)(?!\/)[\w./ -]+\.ya?ml$/, 'a .yaml file name inside the workspace folder');
const LabName = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'a lab name');

export const LabApiRequests = {
  /** Which engine the UI talks to, and whether it answers. */
  engineInfo: z.strictObject({}),
  templatesList: z.strictObject({}),
  templatesRead: z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/) }),
  filesList: z.strictObject({}),
  filesRead: z.strictObject({ path: WorkspacePath }),
  filesWrite: z.strictObject({ path: WorkspacePath, text: LabText }),
  /** What deploying this text would change (reads the engine, changes nothing). */
  labPlan: z.strictObject({ text: LabText }),
  /** Plan and apply; progress arrives as `deployProgress` events. */
  labDeploy: z.strictObject({ text: LabText }),
  labStatus: z.strictObject({ text: LabText }),
  labDestroy: z.strictObject({ lab: LabName }),
  /** Start or stop `labState` events for a lab, from the engine's event stream. */
  labWatch: z.strictObject({ lab: LabName, watch: z.boolean() }),
} as const;

export type LabApiMethod = keyof typeof LabApiRequests;
export type LabApiRequest<M extends LabApiMethod> = z.input<(typeof LabApiRequests)[M]>;

// ---------------------------------------------------------------- results

export interface EngineInfo {
  reachable: boolean;
  endpoint: string;
  name?: string;
  version?: string;
  /** Why it is not reachable, in one sentence. */
  message?: string;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  /** Node and network counts, for the gallery card. */
  nodes: number;
  networks: number;
}

export interface PlanOutcome {
  plan?: Plan;
  /** Validation with engine facts, plan problems, missing images. Errors mean: cannot deploy. */
  diagnostics: Diagnostic[];
}

export interface DeployOutcome extends PlanOutcome {
  ok: boolean;
  failed: { key: string; message: string }[];
  completed: string[];
  notStarted: string[];
}

export interface NodeLiveState {
  id: string;
  state: 'missing' | 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  status: string;
  interfaces: { network: string; ip?: string; mac?: string }[];
}

export interface LabStatusResult {
  lab: string;
  nodes: NodeLiveState[];
  networks: { id: string; driver: string; state: 'present' | 'missing' | 'builtin'; subnets: string[] }[];
}

export interface DestroyOutcome {
  removedContainers: string[];
  removedNetworks: string[];
  removedVeths: string[];
  failed: { kind: string; name: string; message: string }[];
}

export interface LabApiResults {
  engineInfo: EngineInfo;
  templatesList: TemplateSummary[];
  templatesRead: { id: string; text: string };
  filesList: { folder: string; files: { path: string; modified: string }[] };
  filesRead: { path: string; text: string };
  filesWrite: { path: string };
  labPlan: PlanOutcome;
  labDeploy: DeployOutcome;
  labStatus: LabStatusResult;
  labDestroy: DestroyOutcome;
  labWatch: { watching: boolean };
}

// ---------------------------------------------------------------- events

export interface DeployProgressEvent {
  lab: string;
  type: 'started' | 'finished' | 'failed' | 'done' | 'aborted';
  key?: string;
  subject?: Subject;
  /** Human label of the operation, e.g. "create network lan1". */
  label?: string;
  message?: string;
  counts: { total: number; done: number; failed: number; running: number };
}

export interface LabStateEvent {
  lab: string;
  node: string;
  state: NodeLiveState['state'];
  status: string;
  /** The engine's message when something went wrong (exit code, OOM…). */
  message?: string;
}

export interface LabApiEvents {
  deployProgress: DeployProgressEvent;
  labState: LabStateEvent;
}

export type LabApiEventName = keyof LabApiEvents;

// ---------------------------------------------------------------- the contract

/** The engine as the UI sees it: one async function per method, plus events. */
export type LabApi = {
  [M in LabApiMethod]: (request: LabApiRequest<M>) => Promise<LabApiResults[M]>;
} & {
  on<E extends LabApiEventName>(event: E, listener: (payload: LabApiEvents[E]) => void): () => void;
};

/** An error a person can act on, carried across IPC/WebSocket as data. */
export interface LabApiError {
  /** 'invalid-request' | 'engine-unreachable' | 'not-found' | 'failed' */
  code: string;
  message: string;
}

/** Validates a request payload; the message names the field. */
export function parseRequest<M extends LabApiMethod>(method: M, payload: unknown): { ok: true; request: z.output<(typeof LabApiRequests)[M]> } | { ok: false; error: LabApiError } {
  const schema = LabApiRequests[method];
  if (!schema) return { ok: false, error: { code: 'invalid-request', message: `Unknown method ${String(method)}.` } };
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, request: result.data as z.output<(typeof LabApiRequests)[M]> };
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : 'payload';
  return { ok: false, error: { code: 'invalid-request', message: `Invalid ${String(method)} request: ${field}: ${issue.message}.` } };
}

export function isLabApiMethod(name: unknown): name is LabApiMethod {
  return typeof name === 'string' && Object.hasOwn(LabApiRequests, name);
}
