// Live traffic: every lab interface's rates once a second. When the engine runs on this
// machine (the usual case), the counters come from /proc/<pid>/net/dev of each node —
// one small file read per namespace. When it does not (a remote engine, Docker
// Desktop's VM), they come from the engine's stats stream instead. Nodes on virtual
// hosts are found on their nested engines (their PIDs are the virtual host's, read
// through its /proc), and each virtual host's own links to the underlays are sampled
// too, so the canvas can show traffic on the host → underlay edges. Nodes on remote
// hosts (given the lab file) always count through their engine's stats stream: their
// processes are on another machine.
import { readFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import type { LinkTraffic, TrafficEvent } from '../api';
import { virtualHostContainer } from '../hosts/engines';
import { nestedEngine } from '../hosts/exec-transport';
import { listHostContainers, type HostContainer } from '../hosts/multi-host-live';
import { remoteEngine, type RemoteHosts } from '../hosts/remote-host';
import type { LiveState } from '../plan/types';
import { parseNetDev, ratesBetween, type InterfaceCounters } from '../traffic/net-dev';
import { readLiveState } from './live';

export interface TrafficSampler {
  readonly source: 'proc' | 'engine-stats';
  stop(): void;
}

export interface TrafficOptions {
  intervalMs?: number;
  /** The lab's remote hosts (from its file): their nodes are sampled too. */
  remotes?: RemoteHosts;
  /** How often the node list (PIDs, interface → network) is re-read. */
  refreshMs?: number;
}

interface Namespace {
  /** A node id, or a virtual host's id for the host's own interfaces. */
  node: string;
  /** The virtual host it is on (node === host: the host's own namespace). */
  host?: string;
  /** The engine that runs it (for its stats stream when /proc is not this machine's). */
  engine: Dockerode;
  pid: number;
  /** Where its PID is in this machine's /proc: '/proc', or a virtual host's /proc seen through the host's root. */
  procRoot: string;
  dockerId: string;
  /** interface name → lab network id */
  networks: Map<string, string | undefined>;
  /** Only these interfaces count (a virtual host's links to the lab's underlays); unset: all. */
  only?: Set<string>;
  /** Counted from the engine's stats stream even when /proc is this machine's (a remote host's node). */
  stats?: boolean;
}

/** Whether /proc/<pid> (under `procRoot`) on this machine is the container's (same kernel as the engine). */
async function procIsLocal(procRoot: string, c: { pid: number; dockerId: string }): Promise<boolean> {
  if (!c.pid) return false;
  const cgroup = await readFile(`${procRoot}/${c.pid}/cgroup`, 'utf8').catch(() => '');
  return cgroup.includes(c.dockerId);
}

async function macOf(procRoot: string, pid: number, iface: string): Promise<string | undefined> {
  return (await readFile(`${procRoot}/${pid}/root/sys/class/net/${iface}/address`, 'utf8').catch(() => undefined))?.trim().toLowerCase();
}

/** How long a virtual host's engine gets to answer a refresh before its nodes are skipped this time. */
const NESTED_ANSWER_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}

/** The network namespaces of a lab on one engine: each running namespace owner's, interfaces mapped to lab networks. */
async function namespacesOf(engine: Dockerode, live: LiveState, local: boolean, procRoot: string, host?: string): Promise<Namespace[]> {
  const networkOfDockerNet = new Map(live.networks.map((n) => [n.name, n.labId]));
  const owners = live.containers.filter((c) => c.state === 'running' && !c.networkMode.startsWith('container:') && c.networkMode !== 'host');
  return Promise.all(owners.map(async (c): Promise<Namespace> => {
    const networks = new Map<string, string | undefined>();
    if (local) {
      const counters = parseNetDev(await readFile(`${procRoot}/${c.pid}/net/dev`, 'utf8').catch(() => ''));
      for (const iface of counters.keys()) {
        const mac = await macOf(procRoot, c.pid, iface);
        const endpoint = c.endpoints.find((e) => e.mac?.toLowerCase() === mac);
        networks.set(iface, endpoint ? networkOfDockerNet.get(endpoint.networkName) : undefined);
      }
    }
    return { node: c.labId, ...(host ? { host } : {}), engine, pid: c.pid, procRoot, dockerId: c.dockerId, networks };
  }));
}

/**
 * A virtual host's own namespace (its links to the lab's underlays) and its nodes'
 * namespaces, read on its nested engine; their PIDs are the virtual host's, found in
 * this machine's /proc through the host's root.
 */
async function virtualHostNamespaces(outer: Dockerode, lab: string, host: HostContainer, outerLive: LiveState, local: boolean): Promise<Namespace[]> {
  const info = await withTimeout(virtualHostContainer(outer, lab, host.id), NESTED_ANSWER_MS);
  if (!info?.running || !info.pid) return [];
  const nested = nestedEngine(outer, host.name);
  const networkOfDockerNet = new Map(outerLive.networks.map((n) => [n.name, n.labId]));
  const own: Namespace = { node: host.id, host: host.id, engine: outer, pid: info.pid, procRoot: '/proc', dockerId: host.dockerId, networks: new Map() };
  if (local) {
    own.only = new Set();
    for (const iface of parseNetDev(await readFile(`/proc/${info.pid}/net/dev`, 'utf8').catch(() => '')).keys()) {
      const mac = await macOf('/proc', info.pid, iface);
      const endpoint = info.endpoints.find((e) => e.mac && e.mac === mac);
      if (!endpoint) continue;
      own.only.add(iface);
      own.networks.set(iface, networkOfDockerNet.get(endpoint.network));
    }
  }
  const live = await withTimeout(readLiveState(nested, lab, { details: true }), NESTED_ANSWER_MS);
  const nodes = live ? await namespacesOf(nested, live, local, `/proc/${info.pid}/root/proc`, host.id) : [];
  return [own, ...nodes];
}

/** The namespaces of the lab's nodes on a remote host's engine (none when it does not answer in time). */
async function remoteHostNamespaces(lab: string, id: string, target: RemoteHosts[string]): Promise<Namespace[]> {
  let engine: Dockerode;
  try {
    engine = remoteEngine(id, target);
  } catch {
    return [];
  }
  const live = await withTimeout(readLiveState(engine, lab, { details: true, endpoint: `remote host ${id}` }), NESTED_ANSWER_MS);
  return live ? (await namespacesOf(engine, live, false, '/proc', id)).map((ns) => ({ ...ns, stats: true })) : [];
}

async function readNamespaces(docker: Dockerode, lab: string, remotes: RemoteHosts = {}): Promise<{ namespaces: Namespace[]; local: boolean }> {
  const remote = Promise.all(Object.entries(remotes).map(([id, target]) => remoteHostNamespaces(lab, id, target)));
  const [live, hosts] = await Promise.all([readLiveState(docker, lab, { details: true }), listHostContainers(docker, lab)]);
  const running = hosts.filter((h) => h.running);
  const owners = live.containers.filter((c) => c.state === 'running' && !c.networkMode.startsWith('container:') && c.networkMode !== 'host');
  // one process tells whether the engine's /proc is this machine's: a node, else a virtual host
  const probe = owners[0] ?? (running[0] ? await withTimeout(virtualHostContainer(docker, lab, running[0].id), NESTED_ANSWER_MS).then((h) => (h ? { pid: h.pid, dockerId: running[0].dockerId } : undefined)) : undefined);
  const local = !!probe && (await procIsLocal('/proc', probe));
  const [own, ...nested] = await Promise.all([
    namespacesOf(docker, live, local, '/proc'),
    ...running.map((h) => virtualHostNamespaces(docker, lab, h, live, local)),
  ]);
  return { namespaces: [...own, ...nested.flat(), ...(await remote).flat()], local };
}

/** Starts sampling; `onSample` gets one event per interval (the first after two readings). */
export async function startTrafficSampler(docker: Dockerode, lab: string, onSample: (event: TrafficEvent) => void, options: TrafficOptions = {}): Promise<TrafficSampler> {
  const intervalMs = options.intervalMs ?? 1000;
  const refreshMs = options.refreshMs ?? 5000;
  let { namespaces, local } = await readNamespaces(docker, lab, options.remotes);
  let refreshedAt = Date.now();
  let stopped = false;
  let previous = new Map<string, { at: number; counters: InterfaceCounters }>();
  const statsStreams = new Map<string, NodeJS.ReadableStream>();
  const latestStats = new Map<string, Map<string, InterfaceCounters>>();

  const watchStats = (ns: Namespace) => {
    if (statsStreams.has(ns.dockerId)) return;
    void ns.engine.getContainer(ns.dockerId).stats({ stream: true }).then((stream) => {
      const s = stream as unknown as NodeJS.ReadableStream;
      if (stopped) return void (s as unknown as { destroy(): void }).destroy();
      statsStreams.set(ns.dockerId, s);
      let buffer = '';
      s.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          try {
            const nets = (JSON.parse(line) as { networks?: Record<string, { rx_bytes: number; rx_packets: number; tx_bytes: number; tx_packets: number }> }).networks ?? {};
            latestStats.set(ns.dockerId, new Map(Object.entries(nets).map(([name, n]) => [name, { rxBytes: n.rx_bytes, rxPackets: n.rx_packets, txBytes: n.tx_bytes, txPackets: n.tx_packets }])));
          } catch {
            // a partial line: the next chunk completes it
          }
        }
      });
    }).catch(() => undefined);
  };

  const read = async (ns: Namespace): Promise<Map<string, InterfaceCounters>> => {
    const all = local && !ns.stats ? parseNetDev(await readFile(`${ns.procRoot}/${ns.pid}/net/dev`, 'utf8').catch(() => '')) : latestStats.get(ns.dockerId) ?? new Map<string, InterfaceCounters>();
    return ns.only ? new Map([...all].filter(([iface]) => ns.only!.has(iface))) : all;
  };

  const tick = async () => {
    if (Date.now() - refreshedAt > refreshMs) {
      ({ namespaces, local } = await readNamespaces(docker, lab, options.remotes).catch(() => ({ namespaces, local })));
      refreshedAt = Date.now();
    }
    namespaces.filter((ns) => !local || ns.stats).forEach(watchStats);
    const now = Date.now();
    const links: LinkTraffic[] = [];
    const next = new Map<string, { at: number; counters: InterfaceCounters }>();
    const readings = await Promise.all(namespaces.map(read));
    namespaces.forEach((ns, i) => {
      for (const [iface, counters] of readings[i]) {
        const key = `${ns.node}/${iface}`;
        next.set(key, { at: now, counters });
        const before = previous.get(key);
        if (before) links.push({ node: ns.node, ...(ns.host ? { host: ns.host } : {}), iface, network: ns.networks.get(iface), ...ratesBetween(before.counters, counters, now - before.at) });
      }
    });
    const span = Math.max(0, ...[...previous.values()].map((p) => now - p.at));
    previous = next;
    if (links.length > 0 && !stopped) onSample({ lab, intervalMs: span, links });
  };

  let running = false;
  const timer = setInterval(() => {
    if (running || stopped) return; // a slow read skips a beat instead of piling up
    running = true;
    tick().catch(() => undefined).finally(() => { running = false; });
  }, intervalMs);
  void tick();

  return {
    get source() { return local ? 'proc' as const : 'engine-stats' as const; },
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const s of statsStreams.values()) (s as unknown as { destroy(): void }).destroy();
      statsStreams.clear();
    },
  };
}
