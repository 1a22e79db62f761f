// Virtual hosts on the real engine: two nested Docker engines joined by an underlay
// bridge, a swarm across them, an overlay with a container on each host. Traffic
// stays between the lab's own containers; everything is labelled and torn down.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../electron/lab/docker/engine';
import { execIn } from '../../electron/lab/docker/exec';
import { teardownLab } from '../../electron/lab/docker/teardown';
import { ensureImagesOnHost, type ImageTransferEvent } from '../../electron/lab/hosts/image-transfer';
import { formSwarm } from '../../electron/lab/hosts/swarm';
import { startVirtualHost, type RunningVirtualHost } from '../../electron/lab/hosts/virtual-host';
import { objectLabels, objectName } from '../../electron/lab/plan/naming';
import { cleanupLab, labContainers, labNetworks } from './support/harness';

const LAB = 'itest-vhosts';
const UNDERLAY = objectName(LAB, 'underlay');
const IMAGE = 'topolab/node';
let outer: Dockerode;
let hostA: RunningVirtualHost;
let hostB: RunningVirtualHost;

async function runNode(host: RunningVirtualHost, name: string, network: string, ip: string): Promise<void> {
  const container = await host.docker.createContainer({
    name,
    Image: IMAGE,
    HostConfig: { NetworkMode: network },
    NetworkingConfig: { EndpointsConfig: { [network]: { IPAMConfig: { IPv4Address: ip } } } },
  });
  await container.start();
}

const ping = (host: RunningVirtualHost, from: string, to: string) => execIn(host.docker, from, ['ping', '-c', '1', '-W', '2', to]);

beforeAll(async () => {
  outer = (await connectEngine()).docker;
  await cleanupLab(LAB);
  await outer.createNetwork({
    Name: UNDERLAY,
    Driver: 'bridge',
    // the hosts reach each other and nothing beyond: no probe can leave the lab
    Internal: true,
    IPAM: { Config: [{ Subnet: '10.79.0.0/24' }] },
    Labels: objectLabels(LAB, 'underlay', 'network', 'underlay-1'),
  });
  [hostA, hostB] = await Promise.all([
    startVirtualHost(outer, { lab: LAB, id: 'a', underlays: [{ network: UNDERLAY, ip: '10.79.0.11' }], specHash: 'a-1' }),
    startVirtualHost(outer, { lab: LAB, id: 'b', underlays: [{ network: UNDERLAY, ip: '10.79.0.12' }], specHash: 'b-1' }),
  ]);
}, 180_000);

afterAll(async () => {
  await teardownLab(outer, LAB);
  await cleanupLab(LAB);
});

describe('two virtual hosts and an overlay between them', () => {
  it('runs a nested engine in each, reached through the outer engine only', async () => {
    for (const host of [hostA, hostB]) {
      const info = (await host.docker.info()) as { Name: string; Driver: string };
      expect(info.Name).toBe(host.id);
      expect(info.Driver).toBe('vfs');
    }
    expect(hostA.addresses[UNDERLAY]).toBe('10.79.0.11');
    expect(hostB.addresses[UNDERLAY]).toBe('10.79.0.12');
  });

  it('copies the node image to each host once, with no registry', async () => {
    const events: ImageTransferEvent[] = [];
    await Promise.all([hostA, hostB].map((h) => ensureImagesOnHost(outer, h.docker, [IMAGE], (e) => e.type !== 'copying' && events.push(e))));
    expect(events.filter((e) => e.type === 'copied')).toHaveLength(2);
    const again: ImageTransferEvent[] = [];
    await ensureImagesOnHost(outer, hostA.docker, [IMAGE], (e) => again.push(e));
    expect(again).toEqual([{ type: 'present', image: IMAGE }]);
  }, 240_000);

  it('joins the hosts in a swarm over the underlay; containers on each reach each other over the overlay, both ways', async () => {
    await formSwarm({ id: 'a', docker: hostA.docker, address: '10.79.0.11' }, [{ id: 'b', docker: hostB.docker, address: '10.79.0.12' }]);
    await hostA.docker.createNetwork({ Name: 'ovl', Driver: 'overlay', Attachable: true, IPAM: { Config: [{ Subnet: '10.79.10.0/24' }] } });
    await runNode(hostA, 'ca', 'ovl', '10.79.10.10');
    await runNode(hostB, 'cb', 'ovl', '10.79.10.20');
    const ab = await ping(hostA, 'ca', '10.79.10.20');
    expect(ab.exitCode, ab.stdout + ab.stderr).toBe(0);
    const ba = await ping(hostB, 'cb', '10.79.10.10');
    expect(ba.exitCode, ba.stdout + ba.stderr).toBe(0);
  }, 120_000);

  it('a bridge local to host A is not reachable from host B', async () => {
    await hostA.docker.createNetwork({ Name: 'local-a', Driver: 'bridge', IPAM: { Config: [{ Subnet: '10.79.20.0/24' }] } });
    await runNode(hostA, 'la', 'local-a', '10.79.20.10');
    const fromB = await ping(hostB, 'cb', '10.79.20.10');
    expect(fromB.exitCode).not.toBe(0);
  }, 60_000);

  it('teardown removes the virtual hosts with everything nested, and the underlay', async () => {
    await teardownLab(outer, LAB);
    expect(await labContainers(LAB)).toEqual([]);
    expect(await labNetworks(LAB)).toEqual([]);
  }, 60_000);
});
