// labTraffic: one sampler per watched lab, emitting `traffic` events once a second
// (given the lab file, its remote hosts' nodes too).
import { startTrafficSampler, type TrafficSampler } from '../docker/traffic';
import { remoteHostsOf } from '../hosts/remote-host';
import type { LabDocument } from '../model/schema';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';

export interface TrafficWatches {
  start(lab: string, document?: LabDocument): Promise<TrafficSampler['source']>;
  stop(lab: string): void;
  stopAll(): void;
}

export function createTrafficWatches(withDocker: WithDocker, emit: Emit): TrafficWatches {
  const samplers = new Map<string, Promise<TrafficSampler>>();

  async function start(lab: string, document?: LabDocument): Promise<TrafficSampler['source']> {
    let sampler = samplers.get(lab);
    if (!sampler) {
      const remotes = document ? remoteHostsOf(document) : undefined;
      sampler = withDocker((docker) => startTrafficSampler(docker, lab, (event) => emit('traffic', event), { remotes }));
      samplers.set(lab, sampler);
      sampler.catch(() => samplers.delete(lab));
    }
    return (await sampler).source;
  }

  function stop(lab: string): void {
    const sampler = samplers.get(lab);
    samplers.delete(lab);
    void sampler?.then((s) => s.stop(), () => undefined);
  }

  return { start, stop, stopAll: () => [...samplers.keys()].forEach(stop) };
}
