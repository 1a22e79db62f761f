// The plan operations about virtual hosts: start one (and wait for its engine), remove
// one, copy images to one, form a swarm among some. They run against the outer engine
// and reach nested engines through HostEngines.
import type { HostOperation } from '../docker/operations';
import { ensureImagesOnHost } from './image-transfer';
import { formSwarm } from './swarm';
import { startVirtualHost } from './virtual-host';
import type { HostEngines } from './engines';

export async function runHostOperation(engines: HostEngines, op: HostOperation): Promise<string | undefined> {
  const { outer, lab } = engines;
  switch (op.kind) {
    case 'host.start': {
      const host = await startVirtualHost(outer, { lab, id: op.spec.id, underlays: op.spec.underlays, specHash: op.spec.specHash });
      return `${host.mode === 'privileged' ? 'privileged' : 'all capabilities but SYS_RESOURCE'}; ${Object.values(host.addresses).join(', ') || 'no underlay'}`;
    }
    case 'host.remove':
      await outer
        .getContainer(op.dockerId || op.name)
        .remove({ force: true })
        .catch((err: { statusCode?: number }) => (err.statusCode === 404 ? undefined : Promise.reject(err)));
      return undefined;
    case 'images.copy': {
      let copied = 0;
      await ensureImagesOnHost(outer, engines.engineOf(op.host), op.images, (e) => {
        if (e.type === 'copied') copied += e.bytes;
      });
      return copied ? `${(copied / 1e6).toFixed(0)} MB copied` : 'already there';
    }
    case 'swarm.form': {
      const member = (m: { host: string; address: string }) => ({ id: m.host, docker: engines.engineOf(m.host), address: m.address });
      await formSwarm(member(op.manager), op.workers.map(member));
      return `manager ${op.manager.address}`;
    }
  }
}
