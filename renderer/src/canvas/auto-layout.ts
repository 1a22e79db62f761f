// Graph layout with elkjs (layered, top to bottom): networks and machines alternate in
// rows along the interfaces; hosts are compound boxes holding their members. Returns
// positions by id; members of a host are relative to it, as on the canvas.
// elkjs runs in its own Web Worker: 2000 objects take ~10 s and the canvas stays usable.
import ELK, { type ELK as ElkApi, type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { Position } from '../../../electron/lab/model/edit';
import type { LabDocument } from '../../../electron/lab/model/schema';
import { labStore } from '../store';
import { HOST_PADDING, networkKind, sizeOf } from './mapping';

let engine: Promise<ElkApi> | undefined;
/** The worker where there are workers (browser, Electron); in-thread under Node (unit tests). */
function elk(): Promise<ElkApi> {
  engine ??= typeof Worker === 'function'
    ? Promise.resolve(new ELK({ workerUrl: elkWorkerUrl }))
    : import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return engine;
}

/** Crossing minimisation's random restarts are most of the time on big graphs
 *  (thoroughness 7 → 1 took 2000 objects from 27 s to 10 s); small labs keep the best result. */
const BIG_GRAPH = 300;

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '60',
  'elk.spacing.componentComponent': '80',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

const objectCount = (doc: LabDocument) => (doc.hosts?.length ?? 0) + (doc.networks?.length ?? 0) + (doc.nodes?.length ?? 0);

/** autoLayout with the canvas showing that it runs (big labs take seconds). */
export async function autoLayoutWithProgress(doc: LabDocument): Promise<Record<string, Position>> {
  labStore.getState().setLayingOut(objectCount(doc));
  try {
    return await autoLayout(doc);
  } finally {
    labStore.getState().setLayingOut(0);
  }
}

export async function autoLayout(doc: LabDocument): Promise<Record<string, Position>> {
  const objects = objectCount(doc);
  const hostIds = new Set((doc.hosts ?? []).map((h) => h.id));
  const boxes = new Map<string, ElkNode>();
  const layoutOptions = objects > BIG_GRAPH ? { ...OPTIONS, 'elk.layered.thoroughness': '1' } : OPTIONS;
  const root: ElkNode = { id: '__root', layoutOptions, children: [], edges: [] };
  for (const host of doc.hosts ?? []) {
    const box: ElkNode = {
      id: host.id, children: [],
      layoutOptions: { 'elk.padding': `[top=${HOST_PADDING.top},left=${HOST_PADDING.x},bottom=${HOST_PADDING.bottom},right=${HOST_PADDING.x}]` },
    };
    boxes.set(host.id, box);
    root.children!.push(box);
  }
  const place = (id: string, host: string | undefined, size: { width: number; height: number }) => {
    const parent = host && hostIds.has(host) ? boxes.get(host)! : root;
    parent.children!.push({ id, ...size });
  };
  for (const net of doc.networks ?? []) place(net.id, net.host, sizeOf(networkKind(net)));
  for (const node of doc.nodes ?? []) place(node.id, node.host, sizeOf(node.kind === 'router' ? 'router' : 'container'));

  const known = new Set([...(doc.networks ?? []).map((n) => n.id), ...(doc.nodes ?? []).map((n) => n.id)]);
  const edges: ElkExtendedEdge[] = [];
  for (const node of doc.nodes ?? []) {
    (node.interfaces ?? []).forEach((iface, j) => {
      // network above the machine: the edge runs network → machine
      if (known.has(iface.network)) edges.push({ id: `if:${node.id}:${j}`, sources: [iface.network], targets: [node.id] });
    });
    if (node.sharesNetworkWith && known.has(node.sharesNetworkWith)) edges.push({ id: `share:${node.id}`, sources: [node.sharesNetworkWith], targets: [node.id] });
  }
  // a virtual host above its underlay bridges: the edge runs host → network
  for (const host of doc.hosts ?? []) {
    (host.interfaces ?? []).forEach((iface, j) => {
      if (known.has(iface.network)) edges.push({ id: `hif:${host.id}:${j}`, sources: [host.id], targets: [iface.network] });
    });
  }
  root.edges = edges;

  const laid = await (await elk()).layout(root);
  const out: Record<string, Position> = {};
  for (const child of laid.children ?? []) {
    out[child.id] = boxes.has(child.id)
      ? { x: child.x ?? 0, y: child.y ?? 0, width: child.width, height: child.height }
      : { x: child.x ?? 0, y: child.y ?? 0 };
    for (const inner of child.children ?? []) out[inner.id] = { x: inner.x ?? 0, y: inner.y ?? 0 };
  }
  return out;
}
