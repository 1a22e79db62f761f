// Packet capture in sidecars: the capture agent (capture-agent.ts) runs one tcpdump per
// interface of a namespace under one `docker exec`, and their pcap streams are read as
// they arrive. `-U --immediate-mode` matters: without them tcpdump holds packets in a
// buffer for up to a second (or until it fills).
import { PassThrough, type Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { PcapStreamReader, type CapturedFrame } from '../trace/pcap';
import { AgentFrameReader, CAPTURE_AGENT } from './capture-agent';
import { DockerOperationError, engineMessage, statusCode } from './errors';

export interface NamespaceInterface {
  name: string;
  index: number;
  mac: string;
  /** 'veth', 'bridge', 'macvlan', … ('' for plain devices) */
  kind: string;
  /** The bridge it is a port of, if any. */
  master?: string;
  /** A veth's peer ifindex (in the other namespace): pairs a container's eth0 with its host end. */
  linkIndex?: number;
  addresses: string[];
}

interface IpAddrEntry {
  ifindex: number;
  ifname: string;
  address?: string;
  link_type?: string;
  master?: string;
  link_index?: number;
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

export function parseIpAddrJson(text: string): NamespaceInterface[] {
  const entries = JSON.parse(text) as IpAddrEntry[];
  return entries
    .filter((e) => e.link_type !== 'loopback')
    .map((e) => ({
      name: e.ifname,
      index: e.ifindex,
      mac: (e.address ?? '').toLowerCase(),
      kind: e.linkinfo?.info_kind ?? '',
      master: e.master,
      linkIndex: e.link_index,
      addresses: (e.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
    }));
}

export interface CaptureSpec {
  sidecar: string;
  /** Where this is, for hops: a node id, or 'host'. */
  place: string;
  /** Only these bridges and their ports (the engine host); otherwise every interface but lo. */
  bridges?: string[];
  /** With bridges: only the ports with these interface indexes (all ports when left out). */
  ports?: number[];
  /** Capture in the network namespace bound at this path instead (a swarm overlay's). */
  netns?: string;
  /** Put before interface names, to tell namespaces of one place apart ('ov1:br0'). */
  namePrefix?: string;
}

export interface InterfaceCapture {
  place: string;
  interface: NamespaceInterface;
  frames: CapturedFrame[];
  /** tcpdump's complaint, if it could not capture here. */
  error?: string;
}

export interface RunningCaptures {
  /** What is being captured, per place (known once every tcpdump listens). */
  readonly interfaces: ReadonlyMap<string, NamespaceInterface[]>;
  /** Stops every tcpdump, waits for the streams to end (bounded), returns what each saw. */
  stop(): Promise<InterfaceCapture[]>;
}

export interface CaptureOptions {
  /** BPF filter, e.g. 'arp or icmp or tcp'. */
  filter: string;
  /** The agent stops its tcpdumps after this long even if nobody asks. */
  maxSeconds: number;
  /** How long to wait for every tcpdump to say it is listening. */
  readyTimeoutMs?: number;
  /** Called with each frame as it arrives (live latency measurement, streaming UIs). */
  onFrame?: (place: string, iface: string, frame: CapturedFrame) => void;
}

interface Agent {
  spec: CaptureSpec;
  stream: Duplex;
  interfaces: NamespaceInterface[];
  captures: InterfaceCapture[];
  ready: Promise<void>;
  ended: Promise<void>;
}

/** Starts the capture agent in every spec's sidecar; resolves once all their tcpdumps listen. */
export async function startCaptures(docker: Dockerode, specs: readonly CaptureSpec[], options: CaptureOptions): Promise<RunningCaptures> {
  const agents = await Promise.all(specs.map((spec) => startAgent(docker, spec, options)));
  const stop = async () => {
    for (const a of agents) a.stream.end(); // stdin EOF: the agent stops its tcpdumps and drains them
    // Frames arrive as they are captured (p95 under 20 ms): what is in after a short grace
    // is the capture. The agents finish on their own; their streams are closed when they
    // do, or after 3 s at the latest.
    const allEnded = Promise.all(agents.map((a) => a.ended));
    const wait = (ms: number) => new Promise<void>((r) => { const t = setTimeout(r, ms); void allEnded.then(() => { clearTimeout(t); r(); }); });
    await wait(60);
    const captured = agents.flatMap((a) => a.captures.map((c) => ({ ...c, frames: [...c.frames] })));
    void wait(3000).then(() => { for (const a of agents) a.stream.destroy(); });
    return captured;
  };
  try {
    await Promise.all(agents.map((a) => a.ready));
  } catch (error) {
    await stop();
    throw error;
  }
  const interfaces = new Map<string, NamespaceInterface[]>();
  for (const a of agents) interfaces.set(a.spec.place, [...(interfaces.get(a.spec.place) ?? []), ...a.interfaces]);
  return { interfaces, stop };
}

async function startAgent(docker: Dockerode, spec: CaptureSpec, options: CaptureOptions): Promise<Agent> {
  const ports = spec.bridges && spec.ports ? [`ports:${spec.ports.join(',')}`] : [];
  const mode = spec.netns ? `netns:${spec.netns}` : spec.bridges ? 'bridges' : 'all';
  const args = [String(options.maxSeconds), options.filter, mode, ...ports, ...(spec.bridges ?? [])];
  let exec: Dockerode.Exec;
  try {
    exec = await docker.getContainer(spec.sidecar).exec({ Cmd: ['perl', '-e', CAPTURE_AGENT, '--', ...args], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  } catch (err) {
    throw new DockerOperationError('starting a capture in', spec.sidecar, engineMessage(err), statusCode(err));
  }
  const stream = (await exec.start({ hijack: true, stdin: true })) as unknown as Duplex;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  (docker.modem as unknown as { demuxStream(s: NodeJS.ReadableStream, o: NodeJS.WritableStream, e: NodeJS.WritableStream): void }).demuxStream(stream, stdout, stderr);
  let errText = '';
  stderr.on('data', (chunk: Buffer) => { errText += chunk.toString('utf8'); });

  const agent: Agent = { spec, stream, interfaces: [], captures: [], ready: Promise.resolve(), ended: Promise.resolve() };
  const frames = new AgentFrameReader();
  const names: string[] = [];
  const readers: PcapStreamReader[] = [];
  const listening = new Set<number>();
  let addresses: NamespaceInterface[] = [];
  let markReady: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  agent.ready = new Promise<void>((resolve, reject) => { markReady = resolve; fail = reject; });
  const checkReady = () => {
    if (names.length > 0 && names.every((_, i) => listening.has(i) || agent.captures[i]?.error)) {
      // another namespace (an overlay's) that cannot be captured in is noted, not fatal
      if (agent.captures.every((c) => c.error) && !spec.netns) fail(new DockerOperationError('capturing in', spec.sidecar, agent.captures[0]?.error ?? 'tcpdump did not start'));
      else markReady();
    }
  };
  const timeout = setTimeout(() => fail(new DockerOperationError('capturing in', spec.sidecar, `tcpdump did not start listening within ${(options.readyTimeoutMs ?? 5000) / 1000} s${errText ? `: ${errText.trim()}` : ''}`)), options.readyTimeoutMs ?? 5000);
  void agent.ready.catch(() => undefined).finally(() => clearTimeout(timeout));

  stdout.on('data', (chunk: Buffer) => {
    for (const f of frames.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      if (f.type === 'A') {
        try {
          addresses = parseIpAddrJson(Buffer.from(f.data).toString('utf8') || '[]');
        } catch {
          addresses = [];
        }
      } else if (f.type === 'N') {
        const raw = Buffer.from(f.data).toString('utf8');
        const name = `${spec.namePrefix ?? ''}${raw}`;
        names[f.index] = name;
        const found = addresses.find((a) => a.name === raw);
        const iface = found ? { ...found, name } : { name, index: 0, mac: '', kind: '', addresses: [] };
        agent.interfaces[f.index] = iface;
        agent.captures[f.index] = { place: spec.place, interface: iface, frames: [] };
        readers[f.index] = new PcapStreamReader();
      } else if (f.type === 'L') {
        listening.add(f.index);
        checkReady();
      } else if (f.type === 'D') {
        const capture = agent.captures[f.index];
        try {
          for (const frame of readers[f.index].push(f.data)) {
            capture.frames.push(frame);
            options.onFrame?.(spec.place, names[f.index], frame);
          }
        } catch (err) {
          capture.error = err instanceof Error ? err.message : String(err);
        }
      } else if (f.type === 'X') {
        const text = Buffer.from(f.data).toString('utf8').trim();
        if (!listening.has(f.index)) {
          agent.captures[f.index].error = text.split('\n').find((l) => /tcpdump: /.test(l) && !/listening on/.test(l)) ?? (text || 'tcpdump ended before it listened');
          checkReady();
        }
      }
    }
  });
  agent.ended = new Promise<void>((resolve) => {
    const done = () => {
      // no interface at all (a namespace with only lo, or one that could not be entered)
      if (names.length === 0 && spec.netns && agent.captures.length === 0) {
        const iface = { name: `${spec.namePrefix ?? ''}(namespace)`, index: 0, mac: '', kind: '', addresses: [] };
        agent.captures.push({ place: spec.place, interface: iface, frames: [], error: `cannot capture in ${spec.netns}${errText.trim() ? `: ${errText.trim()}` : ''}` });
      }
      if (names.length === 0) markReady();
      resolve();
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
  return agent;
}
