// What the engine would report after a plan was applied perfectly: lets the pure
// tests check that planning again finds nothing to do, without an engine.
import type { DesiredState } from './spec';
import type { LiveContainer, LiveNetwork, LiveState } from './types';
import { emptyLiveState } from './types';

export function liveFromDesired(lab: string, desired: DesiredState, engine: Partial<LiveState['engine']> = {}): LiveState {
  const live = emptyLiveState(lab, engine);
  const networkIds = new Map<string, string>();
  live.networks = desired.networks.map((spec, i): LiveNetwork => {
    const dockerId = `net${i}`.padEnd(64, '0');
    networkIds.set(spec.name, dockerId);
    return {
      dockerId,
      name: spec.name,
      labId: spec.id,
      specHash: spec.specHash,
      driver: spec.driver,
      subnets: [spec.subnet, spec.subnet6].filter((s): s is string => !!s),
      options: spec.options,
      labels: spec.labels,
      containerIds: [],
    };
  });
  live.veths = desired.networks.flatMap((n) => (n.veth ? [n.veth.name] : []));
  const containerIds = new Map(desired.containers.map((spec, i) => [spec.id, `c${i}`.padEnd(64, 'a')]));
  live.containers = desired.containers.map((spec, i): LiveContainer => {
    const dockerId = containerIds.get(spec.id)!;
    for (const e of spec.endpoints) live.networks.find((n) => n.name === e.networkName)?.containerIds.push(dockerId);
    const mode = spec.networkMode;
    return {
      dockerId,
      name: spec.name,
      labId: spec.id,
      specHash: spec.specHash,
      state: 'running',
      status: 'Up 1 second',
      image: spec.image,
      pid: 1000 + i,
      startedAt: '2026-01-01T00:00:00Z',
      networkMode: mode.kind === 'network' ? mode.networkName : mode.kind === 'container' ? `container:${mode.containerName}` : mode.kind,
      endpoints: spec.endpoints.map((e) => ({
        networkName: e.networkName,
        networkDockerId: networkIds.get(e.networkName) ?? 'builtin',
        ip: e.ip,
        requestedIp: e.ip,
        aliases: [...e.aliases, dockerId.slice(0, 12)],
      })),
      labels: spec.labels,
    };
  });
  return live;
}
