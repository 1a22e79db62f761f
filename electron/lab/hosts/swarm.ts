// Overlays across virtual hosts: the first host initialises a swarm advertising its
// underlay address, the others join it over the underlay as workers. Attachable
// overlays are then created on the manager and usable by plain containers on every
// host. Idempotent: a host already in this swarm is left as it is.
import type Dockerode from 'dockerode';
import { engineMessage } from '../docker/errors';

export interface SwarmMember {
  id: string;
  docker: Dockerode;
  /** The address the other hosts reach this one on (its underlay address). */
  address: string;
}

interface SwarmInfo {
  LocalNodeState?: string;
  NodeID?: string;
  Cluster?: { ID?: string };
  RemoteManagers?: { Addr?: string }[] | null;
}

async function swarmOf(docker: Dockerode): Promise<SwarmInfo> {
  return ((await docker.info()) as { Swarm?: SwarmInfo }).Swarm ?? {};
}

/** Makes `manager` a swarm manager and every other member a worker of that swarm. Returns the cluster id. */
export async function formSwarm(manager: SwarmMember, workers: SwarmMember[]): Promise<string> {
  let managerInfo = await swarmOf(manager.docker);
  if (managerInfo.LocalNodeState !== 'active') {
    try {
      await manager.docker.swarmInit({ ListenAddr: `${manager.address}:2377`, AdvertiseAddr: manager.address, DataPathAddr: manager.address });
    } catch (err) {
      throw new Error(`host ${manager.id} could not start a swarm on ${manager.address}: ${engineMessage(err)}`, { cause: err });
    }
    managerInfo = await swarmOf(manager.docker);
  }
  const clusterId = managerInfo.Cluster?.ID ?? '';
  const token = ((await manager.docker.swarmInspect()) as { JoinTokens: { Worker: string } }).JoinTokens.Worker;
  for (const worker of workers) {
    const info = await swarmOf(worker.docker);
    if (info.LocalNodeState === 'active') {
      const sameSwarm = (info.RemoteManagers ?? []).some((m) => m.Addr === `${manager.address}:2377`);
      if (sameSwarm) continue;
      await worker.docker.swarmLeave({ force: true });
    }
    try {
      await worker.docker.swarmJoin({
        ListenAddr: `${worker.address}:2377`,
        AdvertiseAddr: worker.address,
        DataPathAddr: worker.address,
        RemoteAddrs: [`${manager.address}:2377`],
        JoinToken: token,
      });
    } catch (err) {
      throw new Error(`host ${worker.id} could not join the swarm of ${manager.id} at ${manager.address}:2377: ${engineMessage(err)}`, { cause: err });
    }
  }
  return clusterId;
}
