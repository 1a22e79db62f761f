// Removal after an interrupted run, on the real engine: a container whose start is
// still in flight, and networks that refuse removal because of endpoints.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../electron/lab/docker/engine';
import { removeContainerSettled, removeNetworkPatiently } from '../../electron/lab/docker/removal';
import { teardownLab } from '../../electron/lab/docker/teardown';
import { objectLabels, objectName } from '../../electron/lab/plan/naming';
import { cleanupLab } from './support/harness';

const LAB = `itest-removal${process.pid.toString(36)}`;
const IMAGE = process.env.TOPOLAB_TEST_IMAGE || 'topolab/node';
let docker: Dockerode;

async function labNetwork(id: string): Promise<string> {
  const created = await docker.createNetwork({ Name: objectName(LAB, id), Driver: 'bridge', Labels: objectLabels(LAB, id, 'network', 'h') });
  return created.id;
}

async function labContainer(id: string, network: string): Promise<Dockerode.Container> {
  return docker.createContainer({
    name: objectName(LAB, id),
    Image: IMAGE,
    Labels: objectLabels(LAB, id, 'node', 'h'),
    HostConfig: { NetworkMode: network },
  });
}

beforeAll(async () => {
  docker = (await connectEngine()).docker;
  await cleanupLab(LAB);
});

afterAll(async () => {
  await teardownLab(docker, LAB);
  await cleanupLab(LAB);
});

describe('removal after an interrupted run', () => {
  it('a container removed while its start is still in flight leaves its network removable', async () => {
    for (let round = 0; round < 5; round++) {
      const net = await labNetwork(`n${round}`);
      const container = await labContainer(`c${round}`, objectName(LAB, `n${round}`));
      // as if the process that asked for this start had been killed: nobody awaits it
      const start = container.start().catch(() => undefined);
      await removeContainerSettled(docker, container.id);
      await removeNetworkPatiently(docker, net, objectName(LAB, `n${round}`));
      await start;
      await expect(docker.getNetwork(net).inspect()).rejects.toMatchObject({ statusCode: 404 });
      await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    }
  });

  it('a container that nobody starts is still removed', async () => {
    await labNetwork('idle');
    const container = await labContainer('idle', objectName(LAB, 'idle'));
    await removeContainerSettled(docker, container.id);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a network held by a container that exists fails at once, in the engine\'s words', async () => {
    const net = await labNetwork('held');
    const holder = await labContainer('holder', objectName(LAB, 'held'));
    await holder.start();
    await expect(removeNetworkPatiently(docker, net, objectName(LAB, 'held'))).rejects.toThrow(/active endpoints/);
    await removeContainerSettled(docker, holder.id);
    await removeNetworkPatiently(docker, net);
  });

  it('a network that is already gone counts as removed', async () => {
    const net = await labNetwork('gone');
    await docker.getNetwork(net).remove();
    await expect(removeNetworkPatiently(docker, net)).resolves.toBeUndefined();
  });
});
