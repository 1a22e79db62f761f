// Packet capture in a sidecar: one `tcpdump -w -` per interface, run by `docker exec`,
// its pcap stream read as it arrives. `-U --immediate-mode` matters: without them
// tcpdump holds packets in a buffer for up to a second (or until it fills).
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { PcapStreamReader, type CapturedFrame } from '../trace/pcap';
import { DockerOperationError, engineMessage, statusCode } from './errors';
import { execIn } from './exec';

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

/** The interfaces of the sidecar's namespace (`ip -j -d addr`), loopback left out. */
export async function listInterfaces(docker: Dockerode, sidecar: string): Promise<NamespaceInterface[]> {
  const out = await execIn(docker, sidecar, ['ip', '-j', '-d', 'addr', 'show']);
  if (out.exitCode !== 0) throw new DockerOperationError('listing interfaces in', sidecar, out.stderr.trim() || `ip exited ${out.exitCode}`);
  return parseIpAddrJson(out.stdout);
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
  interfaces: NamespaceInterface[];
}

export interface InterfaceCapture {
  place: string;
  interface: NamespaceInterface;
  frames: CapturedFrame[];
  /** tcpdump's complaint, if it could not capture here. */
  error?: string;
}

export interface RunningCaptures {
  /** Stops every tcpdump, waits for the streams to end (bounded), returns what each saw. */
  stop(): Promise<InterfaceCapture[]>;
}

export interface CaptureOptions {
  /** BPF filter, e.g. 'arp or icmp or tcp port 80'. */
  filter: string;
  /** tcpdump is started under `timeout`: a capture nobody stops still ends. */
  maxSeconds: number;
  /** How long to wait for every tcpdump to say it is listening. */
  readyTimeoutMs?: number;
  /** Called with each frame as it arrives (live latency measurement, streaming UIs). */
  onFrame?: (place: string, iface: string, frame: CapturedFrame) => void;
}

/** Starts tcpdump on every interface of every spec; resolves once all of them listen. */
export async function startCaptures(docker: Dockerode, specs: readonly CaptureSpec[], options: CaptureOptions): Promise<RunningCaptures> {
  const started = await Promise.all(specs.flatMap((spec) => spec.interfaces.map((iface) => startOne(docker, spec, iface, options))));
  const ready = await Promise.all(started.map((c) => c.ready));
  const failed = ready.map((r, i) => (r ? undefined : started[i])).filter((c): c is Started => !!c);
  if (failed.length === started.length && started.length > 0) {
    await stopAll(docker, specs, started);
    const first = failed[0];
    throw new DockerOperationError('capturing on', `${first.result.place} ${first.result.interface.name}`, first.result.error ?? 'tcpdump did not start');
  }
  return { stop: () => stopAll(docker, specs, started) };
}

interface Started {
  result: InterfaceCapture;
  ready: Promise<boolean>;
  ended: Promise<void>;
}

async function startOne(docker: Dockerode, spec: CaptureSpec, iface: NamespaceInterface, options: CaptureOptions): Promise<Started> {
  const result: InterfaceCapture = { place: spec.place, interface: iface, frames: [] };
  const cmd = ['timeout', '-s', 'INT', String(options.maxSeconds), 'tcpdump', '-i', iface.name, '-U', '--immediate-mode', '-n', '-s', '262144', '-w', '-', options.filter];
  let exec: Dockerode.Exec;
  try {
    exec = await docker.getContainer(spec.sidecar).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  } catch (err) {
    throw new DockerOperationError('starting a capture in', spec.sidecar, engineMessage(err), statusCode(err));
  }
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  (docker.modem as unknown as { demuxStream(s: NodeJS.ReadableStream, o: NodeJS.WritableStream, e: NodeJS.WritableStream): void }).demuxStream(stream, stdout, stderr);
  const reader = new PcapStreamReader();
  stdout.on('data', (chunk: Buffer) => {
    try {
      for (const frame of reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
        result.frames.push(frame);
        options.onFrame?.(spec.place, iface.name, frame);
      }
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
    }
  });
  let errText = '';
  const ended = new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      result.error ??= `tcpdump did not start listening within ${(options.readyTimeoutMs ?? 5000) / 1000} s${errText ? `: ${errText.trim()}` : ''}`;
      resolve(false);
    }, options.readyTimeoutMs ?? 5000);
    stderr.on('data', (chunk: Buffer) => {
      errText += chunk.toString('utf8');
      if (/listening on/.test(errText)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    void ended.then(() => {
      clearTimeout(timer);
      if (!/listening on/.test(errText)) {
        result.error ??= errText.trim() || 'tcpdump ended before it listened';
        resolve(false);
      }
    });
  });
  return { result, ready, ended };
}

async function stopAll(docker: Dockerode, specs: readonly CaptureSpec[], started: Started[]): Promise<InterfaceCapture[]> {
  // SIGINT makes tcpdump flush and exit; the sidecar's own PID namespace holds only its tcpdumps.
  await Promise.all([...new Set(specs.map((s) => s.sidecar))].map((sidecar) => execIn(docker, sidecar, ['pkill', '-INT', '-x', 'tcpdump']).catch(() => undefined)));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(started.map((s) => s.ended)), new Promise((r) => { timer = setTimeout(r, 3000); })]);
  clearTimeout(timer);
  return started.map((s) => s.result);
}
