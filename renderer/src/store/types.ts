// The store's shape: one vanilla zustand store made of slices. The document slice
// holds the lab TEXT and what is derived from it; nothing else holds topology.
import type { StateCreator } from 'zustand/vanilla';
import type { DeployProgressEvent, ExpectationResultEvent, HostLiveState, InspectView, LabStateEvent, NodeLiveState, TestOutcome, TraceProgressEvent, TraceView, TrafficEvent } from '../../../electron/lab/api';
import type { HostInspection, NetworkInspection } from '../../../electron/lab/inspect/types';
import type { ConsoleTab } from '../console/tabs';
import type { RowMarks } from '../inspector/marks';
import type { AddressingResult } from '../../../electron/lab/model/addressing';
import type { Diagnostic } from '../../../electron/lab/model/diagnostics';
import type { LabEdit, Position } from '../../../electron/lab/model/edit';
import type { LabDocument } from '../../../electron/lab/model/schema';
import type { Station } from '../trace/stations';

/** Edits are either given, or computed from the current text (helpers in model/edit.ts). */
export type EditInput = readonly LabEdit[] | ((text: string) => readonly LabEdit[]);

export interface EditOptions {
  /** Shown in the undo tooltip. */
  label?: string;
  /** Consecutive edits with the same key make one undo step (typing in a field, a drag). */
  coalesce?: string;
}

export interface DocumentSlice {
  text: string;
  /** The last text that parsed; undefined when the file never parsed. */
  document?: LabDocument;
  /** Whether `text` itself parsed (false: `document` is the last good one). */
  parseOk: boolean;
  diagnostics: Diagnostic[];
  addressing?: AddressingResult;
  filePath?: string;
  /** The text as last opened or saved; dirty = text !== savedText. */
  savedText: string;
  dirty: boolean;
  /** Bumps on every load (the canvas fits the view then). */
  loadSeq: number;
  /** The guide (Markdown) of the template the lab was opened from; none for files and new labs. */
  guide?: string;
  /** Last edit error (e.g. the text is not YAML), for a banner. */
  editError?: string;
  load(text: string, filePath?: string, guide?: string): void;
  edit(edits: EditInput, options?: EditOptions): boolean;
  /**
   * Moves objects by rewriting their existing layout lines, without re-reading the file
   * (a drop on a big lab); false when that is not possible and `edit` must do it.
   */
  moveInPlace(positions: Record<string, Position>, options?: EditOptions): boolean;
  markSaved(filePath: string, text?: string): void;
}

export interface HistoryEntry {
  text: string;
  label: string;
}

export interface HistorySlice {
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Coalesce key of the step on top of `past`, while it is still open. */
  openStep?: string;
  undo(): void;
  redo(): void;
  /** Closes the open step, so the next edit starts a new one. */
  closeStep(): void;
}

export interface SelectionSlice {
  /** Ids of selected hosts, networks and nodes. */
  selected: string[];
  /** Id of the canvas edge selected, if any. */
  selectedEdge?: string;
  /** Asks the canvas to centre these ids (diagnostics, checks); bumps on each request. */
  focus?: { ids: string[]; seq: number };
  clipboard?: ClipboardContent;
  select(ids: string[], edge?: string): void;
  /** Selects the objects and asks the canvas to show them with what they are wired to. */
  focusOn(ids: string | readonly string[]): void;
}

export interface ClipboardContent {
  /** `at` as written (relative to its host for members); `abs` on the canvas. */
  items: { section: 'hosts' | 'networks' | 'nodes'; value: Record<string, unknown>; at?: Position; abs?: Position }[];
}

export interface LiveNode {
  state: NodeLiveState['state'];
  status: string;
  /** The engine's message when something went wrong (exit code, signal, OOM…). */
  message?: string;
  /** Addresses the engine gave, by network id, from labStatus (events do not carry them). */
  interfaces?: NodeLiveState['interfaces'];
}

/** A virtual host's deploy state, from the progress of the operations about it. */
export interface HostLive {
  state: 'starting' | 'running' | 'stopped' | 'error' | 'removing';
  /** What it is doing now: "starting", "copying images", "forming swarm"… */
  step?: string;
  /** The engine's message when an operation about it failed, or why it is not running. */
  message?: string;
  /** Its addresses on its underlay networks, as the engine reports them. */
  addresses?: { network: string; ip?: string }[];
}

export interface DeployItem {
  key: string;
  label: string;
  status: 'running' | 'done' | 'failed';
  message?: string;
}

export interface LiveSlice {
  /** Lab name the live state belongs to. */
  liveLab?: string;
  liveNodes: Record<string, LiveNode>;
  /** Virtual hosts by id: from the deploy's progress, status reads and the engine's events. */
  liveHosts: Record<string, HostLive>;
  deploy?: {
    phase: 'running' | 'done' | 'failed' | 'aborted';
    items: DeployItem[];
    counts: DeployProgressEvent['counts'];
  };
  applyLabState(event: LabStateEvent): void;
  /** A status read: nodes, and (multi-host labs) hosts. */
  applyStatus(lab: string, nodes: NodeLiveState[], hosts?: HostLiveState[]): void;
  applyDeployProgress(event: DeployProgressEvent): void;
  resetLive(lab?: string): void;
}

/** The sidebar tabs besides the Inspector (which `inspectorOpen` shows, over any of these). */
export type SidebarTab = 'properties' | 'checks' | 'guide';

export interface ViewSlice {
  theme: 'light' | 'dark';
  /** The sidebar tab shown while the Inspector is closed. */
  sidebarTab: SidebarTab;
  /** Positions computed by auto-layout for objects the file has none for (not saved). */
  autoPositions: Record<string, Position>;
  /** Objects an auto-layout is placing right now (0: none running); drawn as progress. */
  layingOut: number;
  setTheme(theme: 'light' | 'dark'): void;
  /** Shows a tab; it closes the Inspector, which would cover it. */
  setSidebarTab(tab: SidebarTab): void;
  setAutoPositions(positions: Record<string, Position>): void;
  setLayingOut(objects: number): void;
}

export type PlaybackSpeed = 0.5 | 1 | 2 | 4;

export interface Playback {
  /** Index into `stations`: where the packet is drawn. */
  step: number;
  playing: boolean;
  speed: PlaybackSpeed;
}

export interface TraceSlice {
  /** The trace drawer is open (a trace is drawn on the canvas only then). */
  traceOpen: boolean;
  /** The last trace of this lab, as the engine returned it. */
  trace?: TraceView;
  /** Its animated sequence, computed once from the hops and the document of the time. */
  stations: Station[];
  /** Set while a trace runs: 'starting' until the engine reports its first phase. */
  tracePhase?: TraceProgressEvent['phase'] | 'starting';
  /** Why the last trace failed, in the engine's words. */
  traceError?: string;
  playback: Playback;
  /** The hop whose layers the detail box shows (follows playback). */
  selectedHop?: number;
  setTraceOpen(open: boolean): void;
  startTrace(): void;
  setTracePhase(phase: TraceProgressEvent['phase']): void;
  finishTrace(view: TraceView): void;
  failTrace(message: string): void;
  setStep(step: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: PlaybackSpeed): void;
  /** A click on an event row: show that hop, move the packet there, pause. */
  selectHop(index: number): void;
}

/** One interface's rates (rx: into the node), as the last `traffic` event gave them. */
export interface LinkRates {
  rxBps: number;
  txBps: number;
  rxPps: number;
  txPps: number;
}

export interface TrafficSlice {
  /** The toolbar's Traffic toggle. */
  trafficOn: boolean;
  /** `${node}|${network}` → rates; empty while off. */
  traffic: Record<string, LinkRates>;
  /** Why watching traffic failed, for the toggle's tooltip. */
  trafficError?: string;
  setTrafficOn(on: boolean, error?: string): void;
  applyTraffic(event: TrafficEvent): void;
}

/** What the Inspector last got, for the target it asked about ('node:a', 'network:lan', 'host'). */
export type Inspection =
  | { target: string; kind: 'node'; view: InspectView }
  | { target: string; kind: 'network'; view: NetworkInspection }
  | { target: string; kind: 'host'; view: HostInspection };

export interface InspectorSlice {
  /** The sidebar shows the Inspector instead of the properties. */
  inspectorOpen: boolean;
  /** The Host button: the Docker host instead of the selection (until the selection changes). */
  inspectorHost: boolean;
  inspection?: Inspection;
  /** Why the last call for `target` failed, in the engine's words. */
  inspectError?: { target: string; message: string };
  /** Rows to highlight (new or changed), per section, for the inspection's target. */
  marks: RowMarks;
  /** Sections folded by the user (by name); kept across nodes. */
  collapsed: string[];
  /** Nodes drawn highlighted on the canvas: the sharers of the namespace under the mouse. */
  nsHighlight: string[];
  setInspectorOpen(open: boolean): void;
  setInspectorHost(on: boolean): void;
  applyInspection(inspection: Inspection): void;
  failInspection(target: string, message: string): void;
  toggleSection(name: string): void;
  highlightNodes(ids: string[]): void;
}

export interface ConsoleSlice {
  /** One tab per node with a console, in the order opened. */
  consoles: ConsoleTab[];
  /** The node whose console tab is in front. */
  activeConsole?: string;
  /** The consoles drawer is shown (the sessions live on while it is hidden). */
  consolesShown: boolean;
  /** The lab the consoles belong to: another lab's load closes them. */
  consolesLab?: string;
  /** Drawer height in px (dragged by its top edge). */
  consoleHeight: number;
  /** Bumps when a console should take the keyboard (opened, or asked for again). */
  consoleFocus: number;
  openConsole(node: string): void;
  closeConsole(node: string): void;
  activateConsole(node: string): void;
  updateConsole(node: string, patch: Partial<Omit<ConsoleTab, 'node'>>): void;
  setConsolesShown(shown: boolean): void;
  setConsoleHeight(height: number): void;
}

/** One expectation as the engine decided it (pass or fail, what was seen). */
export type CheckResult = Omit<ExpectationResultEvent, 'lab'>;

/** The last run of the lab's expectations (the Checks tab's Run checks). */
export interface ChecksRun {
  /** Tells this run's answer from an older one's. */
  seq: number;
  lab: string;
  /** The expectations as run (JSON): results belong to the rows only while the file still says this. */
  key: string;
  running: boolean;
  /** By position in the file's `expectations`, filled in as the engine decides each. */
  results: Record<number, CheckResult>;
  /** Set when the run ended: whether every expectation held. */
  ok?: boolean;
  /** Why the lab could not be checked (invalid, refused or failed deploy), from the outcome. */
  diagnostics: Diagnostic[];
  /** The call itself failed (engine gone, a run already going), in one sentence. */
  error?: string;
}

export interface ChecksSlice {
  checks?: ChecksRun;
  /** Starts a run (none while one is going); returns its seq, or undefined. */
  startChecks(lab: string, key: string): number | undefined;
  /** An `expectationResult` event: one row decided. */
  applyCheckResult(event: ExpectationResultEvent): void;
  finishChecks(seq: number, outcome: TestOutcome): void;
  failChecks(seq: number, message: string): void;
}

export type LabStore = DocumentSlice & HistorySlice & SelectionSlice & LiveSlice & ViewSlice & TraceSlice & TrafficSlice & InspectorSlice & ConsoleSlice & ChecksSlice;

export type Slice<T> = StateCreator<LabStore, [], [], T>;
