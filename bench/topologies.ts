// One generated topology, written three ways: a topolab lab file, a compose file,
// and raw engine API calls (the floor: what any tool must at least do).
import type Dockerode from 'dockerode';
import { mapBounded } from '../electron/lab/docker/pool';

export interface BenchTopology {
  name: string;
  containers: number;
  networks: number;
}

const subnet = (n: number) => `10.150.${n}.0/24`;
const netOf = (i: number, topo: BenchTopology) => i % topo.networks;
const ipOf = (i: number, topo: BenchTopology) => `10.150.${netOf(i, topo)}.${10 + Math.floor(i / topo.networks)}`;

export function labYaml(topo: BenchTopology): string {
  const nets = Array.from({ length: topo.networks }, (_, n) => `  - {id: n${n}, driver: bridge, subnet: ${subnet(n)}}`);
  const nodes = Array.from({ length: topo.containers }, (_, i) => `  - {id: c${i}, interfaces: [{network: n${netOf(i, topo)}, ip: ${ipOf(i, topo)}}]}`);
  return `topolab: 1\nname: ${topo.name}\nnetworks:\n${nets.join('\n')}\nnodes:\n${nodes.join('\n')}\n`;
}

export function composeFile(topo: BenchTopology): string {
  const services = Array.from({ length: topo.containers }, (_, i) =>
    `  c${i}:\n    image: topolab/node\n    networks:\n      n${netOf(i, topo)}:\n        ipv4_address: ${ipOf(i, topo)}\n`,
  );
  const nets = Array.from({ length: topo.networks }, (_, n) => `  n${n}:\n    ipam:\n      config:\n        - subnet: ${subnet(n)}\n`);
  return `version: "2.4"\nservices:\n${services.join('')}networks:\n${nets.join('')}`;
}

/** mapBounded settles every item; the floor must fail loudly instead. */
async function allOrThrow<T>(settled: Promise<PromiseSettledResult<T>[]>): Promise<void> {
  const failed = (await settled).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

const floorName = (topo: BenchTopology, what: string) => `floor-${topo.name}-${what}`;
const FLOOR_LABEL = { 'io.topolab.bench': 'floor' };

/** The same networks and containers by direct API calls, at the same concurrency. */
export async function floorUp(docker: Dockerode, topo: BenchTopology, concurrency: number): Promise<void> {
  await allOrThrow(mapBounded(Array.from({ length: topo.networks }, (_, n) => n), concurrency, (n) =>
    docker.createNetwork({ Name: floorName(topo, `n${n}`), Driver: 'bridge', Labels: FLOOR_LABEL, IPAM: { Driver: 'default', Config: [{ Subnet: subnet(n) }] } }),
  ));
  await allOrThrow(mapBounded(Array.from({ length: topo.containers }, (_, i) => i), concurrency, async (i) => {
    const network = floorName(topo, `n${netOf(i, topo)}`);
    const container = await docker.createContainer({
      name: floorName(topo, `c${i}`),
      Image: 'topolab/node',
      Labels: FLOOR_LABEL,
      HostConfig: { NetworkMode: network },
      NetworkingConfig: { EndpointsConfig: { [network]: { IPAMConfig: { IPv4Address: ipOf(i, topo) } } } },
    });
    await container.start();
  }));
}

export async function floorDown(docker: Dockerode, topo: BenchTopology, concurrency: number): Promise<void> {
  await allOrThrow(mapBounded(Array.from({ length: topo.containers }, (_, i) => i), concurrency, (i) => docker.getContainer(floorName(topo, `c${i}`)).remove({ force: true })));
  await allOrThrow(mapBounded(Array.from({ length: topo.networks }, (_, n) => n), concurrency, (n) => docker.getNetwork(floorName(topo, `n${n}`)).remove()));
}
