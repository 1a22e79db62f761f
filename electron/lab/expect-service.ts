// Checking a lab's expectations for real: a reachability statement sends one probe (the
// trace; for a node on a virtual host, a direct probe from the engine that runs it), a
// route statement reads the node's routing table, a sharing statement compares kernel
// namespace ids (the inspection, which finds the node's engine), a name statement asks the
// node's own resolver as far as the lab goes (resolve-service: /etc/hosts, then Docker's
// embedded DNS for the lab's own names; never a server outside). Trainers grade a lab with this.
import type Dockerode from 'dockerode';
import { inspectNode, InspectError } from './inspect-service';
import { describeExpectation, expectationNodes } from './model/expectation-text';
import type { LabDocument, ReachExpectation, ResolveExpectation, RouteExpectation, ShareExpectation } from './model/schema';
import { resolveInNode } from './resolve-service';
import { traceLab, TraceError } from './trace-service';

export interface ExpectationResult {
  /** Position in the file's `expectations` list, from 0. */
  index: number;
  /** The statement in words: 'web → db TCP 5432 is not reachable'. */
  text: string;
  outcome: 'pass' | 'fail';
  /** What was seen: the trace's verdict, the route found, the namespace ids. */
  detail: string;
  /** The nodes it is about, for focusing them. */
  nodes: string[];
}

/** Lab nodes the probe was forwarded through: in on one interface and out on another (hosts, real or virtual, do not count). */
function routersCrossed(hops: { place: string; iface: string; direction: string; role: string }[], nodes: ReadonlySet<string>, from: string, target?: string): number {
  const requests = hops.filter((h) => h.role === 'request' && nodes.has(h.place) && h.place !== from && h.place !== target);
  const places = new Set(requests.map((h) => h.place));
  return [...places].filter((p) => requests.some((h) => h.place === p && h.direction === 'in') && requests.some((h) => h.place === p && h.direction === 'out')).length;
}

async function checkReach(docker: Dockerode, doc: LabDocument, e: ReachExpectation): Promise<{ pass: boolean; detail: string }> {
  const t = await traceLab(docker, doc, { from: e.from, to: e.to, protocol: e.proto ?? 'icmp', port: e.port });
  const delivered = t.verdict.outcome === 'delivered';
  if (delivered !== e.reachable) return { pass: false, detail: t.verdict.text };
  if (e.reachable && e.hops !== undefined) {
    const crossed = routersCrossed(t.hops, new Set((doc.nodes ?? []).map((n) => n.id)), t.probe.from, t.probe.targetNode);
    if (crossed !== e.hops) return { pass: false, detail: `${t.verdict.text} It crossed ${crossed} router${crossed === 1 ? '' : 's'}, not ${e.hops}.` };
  }
  return { pass: true, detail: t.verdict.text };
}

async function checkRoute(docker: Dockerode, doc: LabDocument, e: RouteExpectation): Promise<{ pass: boolean; detail: string }> {
  const view = await inspectNode(docker, doc, e.node); // on the node's engine: inspectNode finds it
  const main = view.routes.filter((r) => r.table === 'main');
  const found = main.find((r) => r.dst === e.route && (!e.via || r.gateway === e.via));
  if (found) return { pass: true, detail: `${found.dst}${found.gateway ? ` via ${found.gateway}` : ''}${found.dev ? ` dev ${found.dev}` : ''}` };
  const sameDst = main.find((r) => r.dst === e.route);
  return { pass: false, detail: sameDst ? `${e.route} goes via ${sameDst.gateway ?? `dev ${sameDst.dev}`}, not ${e.via}` : `no route to ${e.route}; the table has ${main.map((r) => r.dst).join(', ') || 'nothing'}` };
}

async function checkShare(docker: Dockerode, doc: LabDocument, e: ShareExpectation): Promise<{ pass: boolean; detail: string }> {
  const views = await Promise.all(e.nodes.map((n) => inspectNode(docker, doc, n)));
  const ids = views.map((v) => v.namespaces[e.share]);
  const pass = ids.every((id) => id !== undefined && id === ids[0]);
  return { pass, detail: e.nodes.map((n, i) => `${n} ${e.share}:[${ids[i] ?? '?'}]`).join(', ') };
}

async function checkResolve(docker: Dockerode, doc: LabDocument, e: ResolveExpectation): Promise<{ pass: boolean; detail: string }> {
  const r = await resolveInNode(docker, doc, e.from, e.resolves);
  if (r.resolves !== e.resolvable) return { pass: false, detail: r.detail };
  if (e.resolvable && e.address !== undefined && !r.addresses.includes(e.address)) {
    return { pass: false, detail: `${r.detail}; not ${e.address}` };
  }
  return { pass: true, detail: r.detail };
}

/** Checks every expectation of the (running) lab, one after the other; never throws for one that fails. */
export async function checkExpectations(docker: Dockerode, doc: LabDocument, onResult?: (r: ExpectationResult) => void): Promise<ExpectationResult[]> {
  const results: ExpectationResult[] = [];
  for (const [index, e] of (doc.expectations ?? []).entries()) {
    let outcome: { pass: boolean; detail: string };
    try {
      outcome = 'reachable' in e ? await checkReach(docker, doc, e)
        : 'resolvable' in e ? await checkResolve(docker, doc, e)
        : 'route' in e ? await checkRoute(docker, doc, e)
        : await checkShare(docker, doc, e);
    } catch (error) {
      if (!(error instanceof TraceError || error instanceof InspectError)) throw error;
      outcome = { pass: false, detail: error.message };
    }
    const result: ExpectationResult = { index, text: describeExpectation(e), outcome: outcome.pass ? 'pass' : 'fail', detail: outcome.detail, nodes: expectationNodes(e) };
    results.push(result);
    onResult?.(result);
  }
  return results;
}
