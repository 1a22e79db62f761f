// One function per plan Operation kind: specs → dockerode calls. Every object is
// created with its labels in the call that creates it; every engine error is
// rethrown as "<doing> <object>: <the engine's own message>".
import type Dockerode from 'dockerode';
import type { RouteDef } from '../model/schema';
import { LABEL_LAB, LABEL_VETH, vethLabPrefix, vethNames } from '../plan/naming';
import type { ContainerSpec, EndpointSpec, NetworkSpec, Operation, VethSpec } from '../plan/types';
import { DockerOperationError, isNotFound, wrapEngine } from './errors';
import { removeContainerSettled, removeNetworkPatiently } from './removal';
import { execIn, isCommandNotFound, runHelper, shellQuote, type CommandResult } from './exec';

const ignoreNotFound = (err: unknown): void => {
  if (!isNotFound(err)) throw err;
};

function helperFailure(doing: string, object: string, result: CommandResult): DockerOperationError {
  const text = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split('\n').slice(-3).join(' ');
  return new DockerOperationError(doing, object, text);
}

// ---------------------------------------------------------------- networks

export function networkCreateOptions(spec: NetworkSpec): Dockerode.NetworkCreateOptions {
  const config: { Subnet: string; Gateway?: string }[] = [];
  if (spec.subnet) config.push({ Subnet: spec.subnet, ...(spec.gateway ? { Gateway: spec.gateway } : {}) });
  if (spec.subnet6) config.push({ Subnet: spec.subnet6, ...(spec.gateway6 ? { Gateway: spec.gateway6 } : {}) });
  return {
    Name: spec.name,
    Driver: spec.driver,
    Internal: spec.internal,
    Attachable: spec.attachable,
    EnableIPv6: !!spec.subnet6,
    Options: spec.options,
    IPAM: { Driver: 'default', Config: config },
    Labels: { ...spec.labels, ...(spec.veth ? { [LABEL_VETH]: spec.veth.name } : {}) },
    CheckDuplicate: true,
  };
}

export async function createNetwork(docker: Dockerode, spec: NetworkSpec): Promise<string> {
  const network = await wrapEngine('creating network', spec.name, () => docker.createNetwork(networkCreateOptions(spec)));
  return network.id;
}

export async function removeNetwork(docker: Dockerode, name: string, dockerId?: string): Promise<void> {
  await wrapEngine('removing network', name, () => removeNetworkPatiently(docker, dockerId || name, name));
}

// ---------------------------------------------------------------- veths (engine host's netns)

/** The ifalias a lab-created veth carries, so that teardown can find it even when no network names it. */
export function vethAlias(lab: string): string {
  return `${LABEL_LAB}=${lab}`;
}

export async function createVeth(docker: Dockerode, veth: VethSpec, lab: string): Promise<void> {
  const [n, p] = [shellQuote(veth.name), shellQuote(veth.peer)];
  // Idempotent: an existing link of that name is accepted as is (and never re-labelled).
  const script =
    `if ! ip link show ${n} >/dev/null 2>&1; then ` +
    `ip link add ${n} type veth peer name ${p} && ip link set dev ${n} alias ${shellQuote(vethAlias(lab))}; fi && ` +
    `ip link set ${n} up && ip link set ${p} up`;
  const result = await runHelper(docker, { lab, cmd: ['sh', '-c', script], networkMode: 'host', capAdd: ['NET_ADMIN'] });
  if (result.exitCode !== 0) throw helperFailure('creating veth', veth.name, result);
}

export async function removeVeths(docker: Dockerode, names: string[], lab: string): Promise<void> {
  if (!names.length) return;
  // Absent is success: deleting one end of a pair deletes both.
  const script = names
    .map(shellQuote)
    .map((n) => `if ip link show ${n} >/dev/null 2>&1; then ip link del ${n} || exit 1; fi`)
    .join('\n');
  const result = await runHelper(docker, { lab, cmd: ['sh', '-c', script], networkMode: 'host', capAdd: ['NET_ADMIN'] });
  if (result.exitCode !== 0) throw helperFailure('removing veth', names.join(', '), result);
}

// ---------------------------------------------------------------- swarm

/**
 * Matches the host-side veth names vethNames() makes for any lab: vethLabPrefix(lab), the
 * network's hex, then 'a' or 'b'. Derived from naming.ts (literal lead, hex length, total
 * length) so that the two cannot drift apart again.
 */
const LAB_VETH_NAME = (() => {
  const prefix = vethLabPrefix('');
  const lead = prefix.replace(/[0-9a-f]+$/, '');
  const { name, peer } = vethNames('', '');
  const hex = name.length - lead.length - 1;
  const ends = `${name.slice(-1)}${peer.slice(-1)}`;
  return new RegExp(`^${lead}[0-9a-f]{${hex}}[${ends}]$`);
})();

interface IpJsonAddr {
  ifname?: string;
  /** The link's alias; lab veths carry vethAlias(lab). */
  ifalias?: string;
  addr_info?: { family?: string; local?: string; scope?: string }[];
}

/** Picks the engine host's address to advertise: the address of the default route's device, else the first global IPv4. */
export function pickAdvertiseAddr(routesJson: string, addrsJson: string): string | undefined {
  const parse = <T>(text: string): T[] => {
    try {
      const value = JSON.parse(text.trim() || '[]') as unknown;
      return Array.isArray(value) ? (value as T[]) : [];
    } catch {
      return [];
    }
  };
  const routes = parse<{ dev?: string; prefsrc?: string }>(routesJson);
  const links = parse<IpJsonAddr>(addrsJson);
  const global = (l: IpJsonAddr) => (l.addr_info ?? []).filter((a) => a.family === 'inet' && a.scope === 'global' && a.local);
  const viaDefault = routes.find((r) => r.prefsrc)?.prefsrc;
  if (viaDefault) return viaDefault;
  const dev = routes.find((r) => r.dev)?.dev;
  const devAddr = links.filter((l) => l.ifname === dev).flatMap(global)[0]?.local;
  if (devAddr) return devAddr;
  const skip = (l: IpJsonAddr) => {
    const name = l.ifname ?? '';
    return /^(lo|docker\d*|br-|veth)/.test(name) || LAB_VETH_NAME.test(name) || (l.ifalias ?? '').startsWith(vethAlias(''));
  };
  return links.filter((l) => !skip(l)).flatMap(global)[0]?.local;
}

export async function initSwarm(docker: Dockerode, lab: string): Promise<string> {
  const info = (await wrapEngine('reading', 'engine info', () => docker.info())) as { Swarm?: { LocalNodeState?: string; NodeAddr?: string } };
  const state = info.Swarm?.LocalNodeState || 'inactive';
  if (state === 'active') return 'swarm already active';
  if (state !== 'inactive') throw new DockerOperationError('initialising', 'swarm', `the engine's swarm is ${state}; fix it with \`docker swarm leave --force\` first`);
  let advertise = info.Swarm?.NodeAddr || undefined;
  if (!advertise) {
    const result = await runHelper(docker, { lab, cmd: ['sh', '-c', 'ip -j -4 route show default; echo ===; ip -j -4 addr show'], networkMode: 'host' });
    const [routes, addrs] = result.stdout.split('===');
    advertise = pickAdvertiseAddr(routes ?? '', addrs ?? '');
  }
  if (!advertise) throw new DockerOperationError('initialising', 'swarm', 'the engine host has no IPv4 address to advertise');
  await wrapEngine('initialising', 'swarm', () => docker.swarmInit({ ListenAddr: '0.0.0.0:2377', AdvertiseAddr: advertise }));
  return `swarm initialised, advertising ${advertise}`;
}

// ---------------------------------------------------------------- containers

function ipamConfig(ep: EndpointSpec): { IPv4Address?: string; IPv6Address?: string } | undefined {
  if (!ep.ip && !ep.ip6) return undefined;
  return { ...(ep.ip ? { IPv4Address: ep.ip } : {}), ...(ep.ip6 ? { IPv6Address: ep.ip6 } : {}) };
}

function networkModeOf(spec: ContainerSpec): string {
  const mode = spec.networkMode;
  switch (mode.kind) {
    case 'network':
      return mode.networkName;
    case 'container':
      return `container:${mode.containerName}`;
    default:
      return mode.kind;
  }
}

export function containerCreateOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const mode = spec.networkMode;
  const ownNetns = mode.kind === 'network' || mode.kind === 'none';
  const first = mode.kind === 'network' ? spec.endpoints[0] : undefined;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of spec.ports) {
    const key = `${port.container}/${port.proto}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp, HostPort: String(port.hostPort ?? '') });
  }
  const options: Dockerode.ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    ...(spec.cmd ? { Cmd: spec.cmd } : {}),
    Env: spec.env,
    ...(spec.hostname && ownNetns ? { Hostname: spec.hostname } : {}),
    Labels: spec.labels,
    ...(spec.ports.length ? { ExposedPorts: exposed } : {}),
    // API 1.41 takes the MAC of the first endpoint at container level.
    ...(first?.mac ? { MacAddress: first.mac } : {}),
    HostConfig: {
      NetworkMode: networkModeOf(spec),
      ...(spec.ports.length ? { PortBindings: bindings } : {}),
      CapAdd: spec.capAdd,
      Sysctls: spec.sysctls,
      RestartPolicy: { Name: 'no' },
    },
  };
  if (first) {
    const ipam = ipamConfig(first);
    options.NetworkingConfig = {
      EndpointsConfig: { [first.networkName]: { ...(ipam ? { IPAMConfig: ipam } : {}), Aliases: first.aliases } },
    };
  }
  return options;
}

/** Whether a frame header of a multiplexed stream starts at offset: stream 0/1/2, then three zero bytes. */
function isFrameHeader(buffer: Buffer, offset: number): boolean {
  return offset + 8 <= buffer.length && buffer[offset] <= 2 && buffer[offset + 1] === 0 && buffer[offset + 2] === 0 && buffer[offset + 3] === 0;
}

/** Splits a multiplexed (non-TTY) log buffer into text; TTY logs pass through. */
export function demuxLogBuffer(buffer: Buffer): string {
  // A TTY log has no frame headers at all, and may be shorter than one.
  if (!isFrameHeader(buffer, 0)) return buffer.toString('utf8');
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    if (!isFrameHeader(buffer, offset)) return buffer.toString('utf8');
    const length = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8');
}

async function lastLogLines(container: Dockerode.Container, lines = 10): Promise<string> {
  try {
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false, tail: lines })) as unknown as Buffer;
    return demuxLogBuffer(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs))).trim();
  } catch {
    return '';
  }
}

/**
 * Creates, starts and checks a container. Atomic: when it cannot start or is not
 * running right after start, it is removed again and the error carries its exit
 * code and last log lines.
 */
export async function createContainer(docker: Dockerode, spec: ContainerSpec): Promise<string> {
  const container = await wrapEngine('creating container', spec.name, () => docker.createContainer(containerCreateOptions(spec)));
  try {
    await wrapEngine('starting container', spec.name, () => container.start());
    const info = await wrapEngine('inspecting container', spec.name, () => container.inspect());
    if (!info.State.Running) {
      const logs = await lastLogLines(container);
      const detail = info.State.Error ? `${info.State.Error}` : logs ? `last output: ${logs.split('\n').join(' | ')}` : 'no output';
      throw new DockerOperationError('starting container', spec.name, `it exited with code ${info.State.ExitCode} (${detail})`);
    }
    return container.id;
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    throw err;
  }
}

export async function removeContainer(docker: Dockerode, name: string, dockerId?: string): Promise<void> {
  await wrapEngine('removing container', name, () => removeContainerSettled(docker, dockerId || name));
}

export async function createConnection(docker: Dockerode, containerName: string, endpoint: EndpointSpec): Promise<void> {
  const ipam = ipamConfig(endpoint);
  await wrapEngine(`connecting container ${containerName} to network`, endpoint.networkName, () =>
    docker.getNetwork(endpoint.networkName).connect({
      Container: containerName,
      EndpointConfig: { ...(ipam ? { IPAMConfig: ipam } : {}), Aliases: endpoint.aliases, ...(endpoint.mac ? { MacAddress: endpoint.mac } : {}) },
    }),
  );
}

export async function removeConnection(docker: Dockerode, containerName: string, networkName: string): Promise<void> {
  await wrapEngine(`disconnecting container ${containerName} from network`, networkName, () =>
    docker.getNetwork(networkName).disconnect({ Container: containerName, Force: true }).catch(ignoreNotFound),
  );
}

// ---------------------------------------------------------------- routes

export function routeCommand(route: RouteDef): string[] {
  const v6 = route.to.includes(':') || (route.via ?? '').includes(':');
  return ['ip', ...(v6 ? ['-6'] : []), 'route', 'replace', route.to, ...(route.via ? ['via', route.via] : []), ...(route.dev ? ['dev', route.dev] : [])];
}

const describeRoute = (route: RouteDef) => route.to + (route.via ? ` via ${route.via}` : '') + (route.dev ? ` dev ${route.dev}` : '');

/**
 * `ip route replace` for each route, by exec in the container; when the image has no
 * `ip` or the container lacks NET_ADMIN, in a topolab/node helper joining its netns.
 */
/** Docker's default route out of a node, removed where the node should have no way out (idempotent). */
const DROP_DEFAULT_ROUTE = ['ip', 'route', 'flush', 'exact', '0.0.0.0/0'];

export async function applyRoutes(docker: Dockerode, lab: string, containerName: string, routes: RouteDef[], dropDefaultRoute = false): Promise<'exec' | 'helper'> {
  const commands = [...(dropDefaultRoute ? [{ what: 'removing the default route', cmd: DROP_DEFAULT_ROUTE }] : []), ...routes.map((r) => ({ what: `adding route ${describeRoute(r)}`, cmd: routeCommand(r) }))];
  let fallback = false;
  for (const { what, cmd } of commands) {
    const result = await execIn(docker, containerName, cmd);
    if (result.exitCode === 0) continue;
    if (isCommandNotFound(result) || /Operation not permitted/i.test(result.stderr)) {
      fallback = true;
      break;
    }
    throw helperFailure(`${what} in container`, containerName, result);
  }
  if (!fallback) return 'exec';
  const script = commands.map(({ cmd }) => `${cmd.map(shellQuote).join(' ')} || exit 1`).join('\n');
  const result = await runHelper(docker, { lab, cmd: ['sh', '-c', script], networkMode: `container:${containerName}`, capAdd: ['NET_ADMIN'] });
  if (result.exitCode !== 0) throw helperFailure('adding routes in container', containerName, result);
  return 'helper';
}

// ---------------------------------------------------------------- dispatch

/** Operations about virtual hosts themselves; they run in hosts/host-operations.ts, on the outer engine. */
export type HostOperation = Extract<Operation, { kind: 'host.start' | 'host.remove' | 'images.copy' | 'swarm.form' }>;
/** Operations one engine runs on itself. */
export type EngineOperation = Exclude<Operation, HostOperation>;

export function isHostOperation(op: Operation): op is HostOperation {
  return op.kind === 'host.start' || op.kind === 'host.remove' || op.kind === 'images.copy' || op.kind === 'swarm.form';
}

/** Runs one plan operation; resolves to a short note for progress events (e.g. the new object's id). */
export async function runOperation(docker: Dockerode, op: EngineOperation, ctx: { lab: string }): Promise<string | undefined> {
  switch (op.kind) {
    case 'network.create':
      return `network ${await createNetwork(docker, op.spec)}`;
    case 'network.remove':
      return void (await removeNetwork(docker, op.name, op.dockerId));
    case 'veth.create':
      return void (await createVeth(docker, op.veth, op.lab || ctx.lab));
    case 'veth.remove':
      return void (await removeVeths(docker, [op.veth.name], ctx.lab));
    case 'swarm.init':
      return initSwarm(docker, ctx.lab);
    case 'container.create':
      return `container ${await createContainer(docker, op.spec)}`;
    case 'container.remove':
      return void (await removeContainer(docker, op.name, op.dockerId));
    case 'connection.create':
      return void (await createConnection(docker, op.containerName, op.endpoint));
    case 'connection.remove':
      return void (await removeConnection(docker, op.containerName, op.networkName));
    case 'routes.apply':
      return `routes via ${await applyRoutes(docker, ctx.lab, op.containerName, op.routes, op.dropDefaultRoute)}`;
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${(never as { kind: string }).kind}`);
    }
  }
}
