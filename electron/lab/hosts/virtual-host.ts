// A virtual Docker host: a container of topolab/host running its own Docker engine,
// attached to the lab's underlay networks on the outer engine (their addresses are
// the host's "physical" addresses). Everything nested lives in the container's own
// network namespace and on a tmpfs, so removing the container removes it all.
import type Dockerode from 'dockerode';
import { LABEL_LAB, LABEL_ROLE, objectLabels, objectName } from '../plan/naming';
import { engineMessage, isNotFound } from '../docker/errors';
import { ExecFrameSplitter, nestedEngine } from './exec-transport';

export const HOST_IMAGE = process.env.TOPOLAB_HOST_IMAGE || 'topolab/host';

/**
 * How the outer engine lets a nested engine run. `privileged` where it works; here it
 * does not ("unable to apply caps": CAP_SYS_RESOURCE is outside the bounding set), and
 * `capabilities` grants all the others instead. Detected, never assumed.
 */
export type VirtualHostRunMode = 'privileged' | 'capabilities';

export interface UnderlayAttachment {
  /** Outer engine network name. */
  network: string;
  /** The host's address on it; left out, the outer engine's IPAM picks one. */
  ip?: string;
}

export interface VirtualHostSpec {
  lab: string;
  /** The host's id in the lab file. */
  id: string;
  /** The first is connected at creation, the others right after. */
  underlays: UnderlayAttachment[];
  specHash: string;
}

/** The cgroup parent of the nested engine's containers: one per virtual host, so two nested engines never share one. */
export function nestedCgroupParent(lab: string, hostId: string): string {
  return `/${objectName(lab, hostId)}`;
}

/** Outer-engine create options of a virtual host (pure). */
export function virtualHostCreateOptions(spec: VirtualHostSpec, mode: VirtualHostRunMode, image = HOST_IMAGE): Dockerode.ContainerCreateOptions {
  const [first] = spec.underlays;
  const name = objectName(spec.lab, spec.id);
  // CgroupnsMode, MaskedPaths and ReadonlyPaths are in the engine API (1.41) but not in dockerode's HostConfig type.
  const security: Dockerode.HostConfig & { CgroupnsMode?: 'host' | 'private'; MaskedPaths?: string[]; ReadonlyPaths?: string[] } =
    mode === 'privileged'
      ? { Privileged: true }
      : {
          CapAdd: ['ALL'],
          CapDrop: ['SYS_RESOURCE'],
          SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
          // the CLI's systempaths=unconfined, as the API says it: nothing in /proc or /sys
          // masked or read-only, as dockerd needs for its own namespaces
          MaskedPaths: [],
          ReadonlyPaths: [],
          CgroupnsMode: 'host',
          Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
        };
  return {
    name,
    Hostname: spec.id,
    Image: image,
    Cmd: ['/usr/local/bin/topolab-host-entrypoint', '--cgroup-parent', nestedCgroupParent(spec.lab, spec.id)],
    Labels: objectLabels(spec.lab, spec.id, 'host', spec.specHash),
    HostConfig: {
      ...security,
      // vfs on a tmpfs: no overlay-on-overlay, and nothing survives the container
      Tmpfs: { '/var/lib/docker': 'rw,exec,dev,suid' },
      NetworkMode: first?.network ?? 'none',
    },
    NetworkingConfig: first
      ? { EndpointsConfig: { [first.network]: first.ip ? { IPAMConfig: { IPv4Address: first.ip } } : {} } }
      : undefined,
  };
}

const runModes = new WeakMap<Dockerode, Promise<VirtualHostRunMode>>();

/**
 * Asks the outer engine once whether a privileged container can start; the answer
 * is kept per engine client. The probe container is labelled and always removed.
 */
export function detectRunMode(outer: Dockerode, lab: string, image = HOST_IMAGE): Promise<VirtualHostRunMode> {
  let answer = runModes.get(outer);
  if (!answer) {
    answer = (async () => {
      const probe = await outer.createContainer({
        Image: image,
        Cmd: ['true'],
        Labels: { [LABEL_LAB]: lab, [LABEL_ROLE]: 'helper' },
        HostConfig: { Privileged: true, NetworkMode: 'none' },
      });
      try {
        await probe.start();
        return 'privileged' as const;
      } catch {
        return 'capabilities' as const;
      } finally {
        await probe.remove({ force: true }).catch(() => undefined);
      }
    })();
    answer.catch(() => runModes.delete(outer));
    runModes.set(outer, answer);
  }
  return answer;
}

export interface RunningVirtualHost {
  id: string;
  container: string;
  /** Client of the nested engine (through the outer engine's exec API). */
  docker: Dockerode;
  /** Underlay network name → the host's address on it. */
  addresses: Record<string, string>;
  mode: VirtualHostRunMode;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the nested engine answers, or says why it could not start (its last log lines). */
export async function waitForNestedEngine(outer: Dockerode, container: string, nested: Dockerode, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const state = (await outer.getContainer(container).inspect()).State;
    if (!state.Running) {
      const logs = (await outer.getContainer(container).logs({ stdout: true, stderr: true, tail: 15 })) as Buffer;
      throw new Error(`the engine of virtual host ${container} stopped (exit code ${state.ExitCode}); its last words:\n${tailOfLog(logs)}`);
    }
    try {
      await nested.ping();
      return;
    } catch (err) {
      lastError = engineMessage(err);
    }
    await sleep(250);
  }
  throw new Error(`the engine of virtual host ${container} did not answer within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
}

/** A container's log (multiplexed like an exec's output) as text, last lines only. */
function tailOfLog(raw: Buffer): string {
  let text = '';
  const append = (bytes: Buffer) => (text += bytes.toString('utf8'));
  new ExecFrameSplitter(append, append).push(raw);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-8)
    .join('\n');
}

/** Reads a running virtual host's underlay addresses from the outer engine. */
export async function underlayAddresses(outer: Dockerode, container: string): Promise<Record<string, string>> {
  const info = await outer.getContainer(container).inspect();
  const addresses: Record<string, string> = {};
  for (const [network, endpoint] of Object.entries(info.NetworkSettings.Networks ?? {})) {
    if (endpoint.IPAddress) addresses[network] = endpoint.IPAddress;
  }
  return addresses;
}

/**
 * Creates and starts a virtual host (or reuses a running one of the same spec), joins
 * its other underlays, and waits for its nested engine.
 */
export async function startVirtualHost(outer: Dockerode, spec: VirtualHostSpec, opts: { timeoutMs?: number } = {}): Promise<RunningVirtualHost> {
  const name = objectName(spec.lab, spec.id);
  const mode = await detectRunMode(outer, spec.lab);
  const existing = await outer
    .getContainer(name)
    .inspect()
    .catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (!existing || !existing.State.Running || existing.Config.Labels?.['io.topolab.spec'] !== spec.specHash) {
    if (existing) await outer.getContainer(name).remove({ force: true });
    const container = await outer.createContainer(virtualHostCreateOptions(spec, mode));
    for (const extra of spec.underlays.slice(1)) {
      await outer.getNetwork(extra.network).connect({ Container: container.id, EndpointConfig: extra.ip ? { IPAMConfig: { IPv4Address: extra.ip } } : {} });
    }
    await container.start();
  }
  const docker = nestedEngine(outer, name);
  await waitForNestedEngine(outer, name, docker, opts.timeoutMs);
  return { id: spec.id, container: name, docker, addresses: await underlayAddresses(outer, name), mode };
}
