// LabApi: the one contract between the UI and the engine. Served by Electron IPC
// (preload exposes one function per method) and by the WebSocket bridge (browser
// mode, e2e); the renderer's client does not know which. Every request payload has
// a runtime schema and is validated on the serving side before anything runs.
// This file is pure (no Node, no Docker) so the renderer can import it.
import { z } from 'zod';
import type { Diagnostic } from './model/diagnostics';
import type { Plan, Subject } from './plan/types';
import type { Layer } from './trace/packet-text';
import type { Hop, TraceFindings, TraceProtocol } from './trace/types';
import type { HostInspection, NetworkInspection, NodeInspectionView } from './inspect/types';

// ---------------------------------------------------------------- payloads

const LabText = z.string().max(2_000_000, 'a lab file is at most 2 MB');
/** A file inside the workspace folder: a plain relative name, no way out of the folder. */
const WorkspacePath = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!.*\.\.)(?!\/)[\w./ -]+\.ya?ml$/, 'a .yaml file name inside the workspace folder');
const LabName = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'a lab name');
const NodeRef = z.string().regex(/^[A-Za-z0-9][\w.-]{0,62}$/, "a node, network or host id (or 'host')");
const ConsoleId = z.string().regex(/^[0-9a-f]{16}$/, 'a console id');
const Ipv4 = z.string().regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'an IPv4 address');

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
  /** Remove the lab by label; with its `text`, from the engines of its remote hosts too (without it they are unknown). */
  labDestroy: z.strictObject({ lab: LabName, text: LabText.optional() }),
  /** Start or stop `labState` events for a lab, from the engine's event stream (with `text`: its remote hosts' engines' too). */
  labWatch: z.strictObject({ lab: LabName, watch: z.boolean(), text: LabText.optional() }),
  /** Send one real packet through the running lab and report every hop (progress as `traceProgress`). */
  labTrace: z.strictObject({
    text: LabText,
    from: NodeRef,
    to: z.union([NodeRef, Ipv4]),
    protocol: z.enum(['icmp', 'tcp', 'udp']),
    port: z.number().int().min(1).max(65535).optional(),
  }).refine((r) => r.protocol === 'icmp' || r.port !== undefined, { message: 'a TCP or UDP trace needs a port', path: ['port'] }),
  /** Everything inside one running node's namespaces, with what changed since the last call for it. */
  labInspect: z.strictObject({ text: LabText, node: NodeRef }),
  /** Check the lab's expectations for real (deploying first when `deploy`); rows also arrive as `expectationResult` events. */
  labTest: z.strictObject({ text: LabText, deploy: z.boolean().optional() }),
  /** A lab network: its Docker definition beside its kernel reality (bridge, ports, FDB, VXLAN). */
  labInspectNetwork: z.strictObject({ text: LabText, network: NodeRef }),
  /**
   * The Docker host: its bridges, veths, VXLAN devices and Docker's iptables chains, the lab's
   * highlighted. `host`: a virtual host's id for that host's own view (left out, or 'host': the
   * engine topolab is connected to).
   */
  labInspectHost: z.strictObject({ text: LabText, host: NodeRef.optional() }),
  /**
   * A shell in a node (or its sidecar when the image has none), on whichever host it runs; `node`
   * may also name a virtual host of the lab: a shell in that host itself. Output comes as
   * `consoleOutput` events.
   */
  consoleOpen: z.strictObject({ text: LabText, node: NodeRef, cols: z.number().int().min(10).max(1000), rows: z.number().int().min(2).max(500) }),
  consoleInput: z.strictObject({ id: ConsoleId, data: z.string().max(65_536) }),
  consoleResize: z.strictObject({ id: ConsoleId, cols: z.number().int().min(10).max(1000), rows: z.number().int().min(2).max(500) }),
  consoleClose: z.strictObject({ id: ConsoleId }),
  /** Start or stop `traffic` events (every interface's rates, once a second) for a lab (with `text`: its remote hosts' nodes too). */
  labTraffic: z.strictObject({ lab: LabName, watch: z.boolean(), text: LabText.optional() }),
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
  /** How many claims `topolab test` checks in it. */
  expectations: number;
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
  /** The virtual or remote host the node runs on (absent: the engine topolab is connected to). */
  host?: string;
}

/** A host of a multi-host lab: the local engine, a virtual host (its container and nested engine), or a remote host's engine. */
export interface HostLiveState {
  id: string;
  kind: 'local' | 'virtual' | 'remote';
  /** A virtual host's container state ('missing' when there is none); the local engine is 'running'; a remote host 'running' or 'unreachable'. */
  state: 'running' | 'created' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'missing' | 'unknown' | 'unreachable';
  status: string;
  /** Its addresses on its underlay networks. */
  addresses: { network: string; ip?: string }[];
  /** Whether its Docker engine answered. */
  engineAnswers: boolean;
}

export interface LabStatusResult {
  lab: string;
  nodes: NodeLiveState[];
  networks: { id: string; driver: string; state: 'present' | 'missing' | 'builtin'; subnets: string[]; hosts?: string[] }[];
  /** The lab's hosts, when its file lists any (multi-host labs). */
  hosts?: HostLiveState[];
}

export interface DestroyOutcome {
  /** Objects removed; those on a remote host end with " (on <host>)". */
  removedContainers: string[];
  removedNetworks: string[];
  removedVeths: string[];
  /** What could not be removed; a remote host that could not be reached is one entry of kind 'host'. */
  failed: { kind: string; name: string; message: string }[];
}

/** A trace as the UI gets it: hops with each packet's layers, and the capture for export. */
export interface TraceView extends TraceFindings {
  lab: string;
  from: string;
  to: string;
  protocol: TraceProtocol;
  port?: number;
  targetIp: string;
  targetNode?: string;
  hops: (Hop & { layers: Layer[] })[];
  /** Every captured frame as a classic .pcap file, base64 (opens in Wireshark). */
  pcapBase64: string;
}

/** Keys (see inspect/diff.ts) of what appeared or changed since the previous inspection of the node. */
export interface ChangeList {
  added: string[];
  changed: string[];
  removed: string[];
}

export type InspectView = NodeInspectionView & {
  changes: Record<'neighbours' | 'sockets' | 'routes' | 'conntrack' | 'processes', ChangeList>;
};

export interface LabApiResults {
  engineInfo: EngineInfo;
  templatesList: TemplateSummary[];
  templatesRead: { id: string; text: string; guide?: string };
  filesList: { folder: string; files: { path: string; modified: string }[] };
  filesRead: { path: string; text: string };
  filesWrite: { path: string };
  labPlan: PlanOutcome;
  labDeploy: DeployOutcome;
  labStatus: LabStatusResult;
  labDestroy: DestroyOutcome;
  labWatch: { watching: boolean };
  labTrace: TraceView;
  labTest: TestOutcome;
  labInspect: InspectView;
  labInspectNetwork: NetworkInspection;
  labInspectHost: HostInspection;
  /** `via`: where the shell runs (the node or virtual host itself, or the node's sidecar); `host`: the virtual host it runs on, or in. */
  consoleOpen: { id: string; via: 'node' | 'sidecar'; host?: string };
  consoleInput: { ok: true };
  consoleResize: { ok: true };
  consoleClose: { ok: true };
  labTraffic: { watching: boolean; source?: 'proc' | 'engine-stats' };
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
  /** A node id; with `kind: 'host'`, the id of a virtual host (ids are unique across hosts and nodes). */
  node: string;
  state: NodeLiveState['state'];
  status: string;
  /** The engine's message when something went wrong (exit code, OOM…). */
  message?: string;
  /** 'host': the event is about a virtual host's container, not a node. */
  kind?: 'host';
}

export interface TraceProgressEvent {
  lab: string;
  phase: 'sidecars' | 'listening' | 'probing' | 'collecting';
}

/** One interface's rates over the last interval, from the node's side (rx: into the node). */
export interface LinkTraffic {
  /** A node id, or a virtual host's id (then `host` is the same: the host's own link to an underlay). */
  node: string;
  /** The virtual host the interface is on: a node's there, or the host's own (node === host). */
  host?: string;
  /** The lab network the interface is on (the canvas edge node → network). */
  network?: string;
  iface: string;
  rxBps: number;
  txBps: number;
  rxPps: number;
  txPps: number;
}

export interface TrafficEvent {
  lab: string;
  /** Milliseconds the rates are averaged over (about 1000). */
  intervalMs: number;
  links: LinkTraffic[];
}

/** One expectation checked: the statement in words, pass or fail, and what was seen. */
export interface ExpectationResultEvent {
  lab: string;
  index: number;
  text: string;
  outcome: 'pass' | 'fail';
  detail: string;
  nodes: string[];
}

export interface TestOutcome {
  lab: string;
  ok: boolean;
  results: Omit<ExpectationResultEvent, 'lab'>[];
  /** Why the lab could not be checked (invalid, failed to deploy). */
  diagnostics: Diagnostic[];
}

export interface ConsoleOutputEvent {
  id: string;
  data: string;
}

export interface ConsoleExitEvent {
  id: string;
  code?: number;
}

export interface LabApiEvents {
  deployProgress: DeployProgressEvent;
  labState: LabStateEvent;
  traceProgress: TraceProgressEvent;
  traffic: TrafficEvent;
  expectationResult: ExpectationResultEvent;
  consoleOutput: ConsoleOutputEvent;
  consoleExit: ConsoleExitEvent;
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
