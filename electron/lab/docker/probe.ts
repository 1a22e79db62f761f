// Can the engine host's kernel make macvlan and ipvlan links? Asked of the kernel
// itself, in a throwaway helper with its own empty network namespace (--network none,
// NET_ADMIN): a veth pair as parent, then one link of each kind. Cached per engine.
import type Dockerode from 'dockerode';
import { readEngineFacts } from './engine';
import { runHelper } from './exec';

export interface KernelProbe {
  ipvlan: boolean;
  macvlan: boolean;
  /** The kernel's own words for what failed, e.g. "ipvlan: Error: Unknown device type." */
  reason?: string;
}

const SCRIPT = [
  'if ! out=$(ip link add p0 type veth peer name p1 2>&1); then echo "veth: $out"; exit 0; fi',
  'if out=$(ip link add m0 link p0 type macvlan mode bridge 2>&1); then echo "macvlan: ok"; else echo "macvlan: $out"; fi',
  'if out=$(ip link add i0 link p0 type ipvlan mode l2 2>&1); then echo "ipvlan: ok"; else echo "ipvlan: $out"; fi',
].join('\n');

const cache = new Map<string, Promise<KernelProbe>>();

/** Parses the probe script's output (one "kind: ok | error text" line per kind). */
export function parseProbeOutput(stdout: string): KernelProbe {
  const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const verdict = (kind: string) => lines.find((l) => l.startsWith(`${kind}: `))?.slice(kind.length + 2);
  const macvlan = verdict('macvlan') === 'ok';
  const ipvlan = verdict('ipvlan') === 'ok';
  const failures = ['veth', 'macvlan', 'ipvlan']
    .map((kind) => ({ kind, text: verdict(kind) }))
    .filter((v) => v.text !== undefined && v.text !== 'ok')
    .map((v) => `${v.kind}: ${(v.text as string).replace(/\s+/g, ' ')}`);
  return { ipvlan, macvlan, ...(failures.length ? { reason: failures.join('; ') } : {}) };
}

async function probe(docker: Dockerode, lab: string): Promise<KernelProbe> {
  const result = await runHelper(docker, { lab, cmd: ['sh', '-c', SCRIPT], networkMode: 'none', capAdd: ['NET_ADMIN'] });
  if (result.exitCode !== 0 || !result.stdout.trim()) {
    const text = (result.stderr || result.stdout).trim() || `exit code ${result.exitCode}`;
    return { ipvlan: false, macvlan: false, reason: `the probe helper failed: ${text}` };
  }
  return parseProbeOutput(result.stdout);
}

/** Probes the engine host's kernel for macvlan/ipvlan support; cached in memory per engine id. */
export async function probeKernel(docker: Dockerode, lab: string, opts: { engineId?: string } = {}): Promise<KernelProbe> {
  const engineId = opts.engineId ?? (await readEngineFacts(docker)).id;
  let pending = cache.get(engineId);
  if (!pending) {
    pending = probe(docker, lab);
    cache.set(engineId, pending);
    // A helper that could not run (no image yet, engine hiccup) is not a verdict: try again next time.
    pending.catch(() => cache.delete(engineId));
  }
  return pending;
}

/** Forgets cached probe results (all engines, or one). */
export function clearKernelProbeCache(engineId?: string): void {
  if (engineId) cache.delete(engineId);
  else cache.clear();
}
