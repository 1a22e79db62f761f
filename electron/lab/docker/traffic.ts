// Live traffic: every lab interface's rates once a second. When the engine runs on this
// machine (the usual case), the counters come from /proc/<pid>/net/dev of each node —
// one small file read per namespace. When it does not (a remote engine, Docker
// Desktop's VM), they come from the engine's stats stream instead.
import { readFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import type { LinkTraffic, TrafficEvent } from '../api';
import type { LiveContainer } from '../plan/types';
import { parseNetDev, ratesBetween, type InterfaceCounters } from '../traffic/net-dev';
import { readLiveState } from './live';

export interface TrafficSampler {
  readonly source: 'proc' | 'engine-stats';
  stop(): void;
}

export interface TrafficOptions {
  intervalMs?: number;
  /** How often the node list (PIDs, interface → network) is re-read. */
  refreshMs?: number;
}

interface Namespace {
  node: string;
  pid: number;
  dockerId: string;
  /** interface name → lab network id */
  networks: Map<string, string | undefined>;
}

/** Whether /proc/<pid> on this machine is the container's (same kernel as the engine). */
async function procIsLocal(c: LiveContainer): Promise<boolean> {
  if (!c.pid) return false;
  const cgroup = await readFile(`/proc/${c.pid}/cgroup`, 'utf8').catch(() => '');
  return cgroup.includes(c.dockerId);
}

async function macOf(pid: number, iface: string): Promise<string | undefined> {
  return (await readFile(`/proc/${pid}/root/sys/class/net/${iface}/address`, 'utf8').catch(() => undefined))?.trim().toLowerCase();
}

async function readNamespaces(docker: Dockerode, lab: string): Promise<{ namespaces: Namespace[]; local: boolean }> {
  const live = await readLiveState(docker, lab, { details: true });
  const networkOfDockerNet = new Map(live.networks.map((n) => [n.name, n.labId]));
  const owners = live.containers.filter((c) => c.state === 'running' && !c.networkMode.startsWith('container:') && c.networkMode !== 'host');
  const local = owners.length > 0 && (await procIsLocal(owners[0]));
  const namespaces = await Promise.all(owners.map(async (c): Promise<Namespace> => {
    const networks = new Map<string, string | undefined>();
    if (local) {
      const counters = parseNetDev(await readFile(`/proc/${c.pid}/net/dev`, 'utf8').catch(() => ''));
      for (const iface of counters.keys()) {
        const mac = await macOf(c.pid, iface);
        const endpoint = c.endpoints.find((e) => e.mac?.toLowerCase() === mac);
        networks.set(iface, endpoint ? networkOfDockerNet.get(endpoint.networkName) : undefined);
      }
    }
    return { node: c.labId, pid: c.pid, dockerId: c.dockerId, networks };
  }));
  return { namespaces, local };
}

/** Starts sampling; `onSample` gets one event per interval (the first after two readings). */
export async function startTrafficSampler(docker: Dockerode, lab: string, onSample: (event: TrafficEvent) => void, options: TrafficOptions = {}): Promise<TrafficSampler> {
  const intervalMs = options.intervalMs ?? 1000;
  const refreshMs = options.refreshMs ?? 5000;
  let { namespaces, local } = await readNamespaces(docker, lab);
  let refreshedAt = Date.now();
  let stopped = false;
  let previous = new Map<string, { at: number; counters: InterfaceCounters }>();
  const statsStreams = new Map<string, NodeJS.ReadableStream>();
  const latestStats = new Map<string, Map<string, InterfaceCounters>>();

  const watchStats = (ns: Namespace) => {
    if (statsStreams.has(ns.dockerId)) return;
    void docker.getContainer(ns.dockerId).stats({ stream: true }).then((stream) => {
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

  const read = async (ns: Namespace): Promise<Map<string, InterfaceCounters>> =>
    local ? parseNetDev(await readFile(`/proc/${ns.pid}/net/dev`, 'utf8').catch(() => '')) : latestStats.get(ns.dockerId) ?? new Map();

  const tick = async () => {
    if (Date.now() - refreshedAt > refreshMs) {
      ({ namespaces, local } = await readNamespaces(docker, lab).catch(() => ({ namespaces, local })));
      refreshedAt = Date.now();
    }
    if (!local) namespaces.forEach(watchStats);
    const now = Date.now();
    const links: LinkTraffic[] = [];
    const next = new Map<string, { at: number; counters: InterfaceCounters }>();
    const readings = await Promise.all(namespaces.map(read));
    namespaces.forEach((ns, i) => {
      for (const [iface, counters] of readings[i]) {
        const key = `${ns.node}/${iface}`;
        next.set(key, { at: now, counters });
        const before = previous.get(key);
        if (before) links.push({ node: ns.node, iface, network: ns.networks.get(iface), ...ratesBetween(before.counters, counters, now - before.at) });
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
