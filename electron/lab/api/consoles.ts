// Consoles: shells in nodes, by id. Output and exit travel as events; the id (random,
// 64 bits) is what input, resize and close are addressed to. A node on a virtual host
// gets its shell through that host's nested engine (a TTY exec relayed by the outer
// engine); a virtual host itself gets one in its own container on the outer engine; a
// node on a remote host gets its shell through that host's engine.
import { randomBytes } from 'node:crypto';
import type { LabApiRequest } from '../api';
import { openConsole, type ConsoleSession } from '../docker/console';
import { networkOwnerOf, readLiveState } from '../docker/live';
import { ensureSidecar } from '../docker/sidecars';
import { engineHostOf, HostEngines, hostKindOf, hostLabel, isVirtualHost, virtualHostContainer, virtualHostProblem } from '../hosts/engines';
import { reachRemoteHost, remoteHostsOf } from '../hosts/remote-host';
import { inspectTargetOf } from '../inspect/target';
import { checkLabText } from '../lab-service';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { LabApiFailure } from './failure';
import { objectName } from '../plan/naming';

export interface Consoles {
  open(request: LabApiRequest<'consoleOpen'>): Promise<{ id: string; via: 'node' | 'sidecar'; host?: string }>;
  input(request: LabApiRequest<'consoleInput'>): { ok: true };
  resize(request: LabApiRequest<'consoleResize'>): Promise<{ ok: true }>;
  close(request: LabApiRequest<'consoleClose'>): { ok: true };
  closeAll(): void;
}

export function createConsoles(withDocker: WithDocker, emit: Emit): Consoles {
  const sessions = new Map<string, ConsoleSession>();

  const sessionOf = (id: string): ConsoleSession => {
    const session = sessions.get(id);
    if (!session) throw new LabApiFailure('not-found', 'That console is closed; open a new one.');
    return session;
  };

  async function open({ text, node, cols, rows }: LabApiRequest<'consoleOpen'>) {
    const checked = checkLabText(text);
    if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
    const document = checked.document;
    const lab = document.name;
    const target = inspectTargetOf(document, node);
    if (target.kind === 'host' && !(target.host && isVirtualHost(document, target.host))) {
      const remoteMachine = target.host !== undefined && hostKindOf(document, target.host) === 'remote';
      throw new LabApiFailure('invalid-request', `A console opens in a node or a virtual host of the lab; ${node} is ${remoteMachine ? 'a remote machine, which topolab does not open shells on' : 'the machine the engine runs on'}.`);
    }
    // a virtual host's own shell, or the host a node runs on
    const ownHost = target.kind === 'host' ? target.host : undefined;
    const hostId = ownHost ?? engineHostOf(document, node);
    const remote = hostId !== undefined && hostKindOf(document, hostId) === 'remote';
    const id = randomBytes(8).toString('hex');
    const handlers = {
      onOutput: (data: string) => emit('consoleOutput', { id, data }),
      onExit: (code: number | undefined) => {
        sessions.delete(id);
        emit('consoleExit', { id, code });
      },
    };
    const session = await withDocker(async (docker) => {
      if (hostId) {
        const problem = remote
          ? (await reachRemoteHost(hostId, remoteHostsOf(document)[hostId])).problem
          : virtualHostProblem(lab, hostId, await virtualHostContainer(docker, lab, hostId));
        if (problem) throw new LabApiFailure('invalid-request', problem);
      }
      if (ownHost) {
        return openConsole(docker, {
          container: objectName(lab, ownHost),
          sidecar: () => Promise.reject(new LabApiFailure('failed', `Virtual host ${ownHost} has no shell in its image.`)),
        }, { cols, rows }, handlers);
      }
      const engine = HostEngines.forLab(docker, document).engineOf(hostId);
      const live = await readLiveState(engine, lab);
      const container = live.containers.find((c) => c.labId === node);
      if (!container || container.state !== 'running') throw new LabApiFailure('invalid-request', `${node} is not running in lab ${lab}${hostId ? ` on ${hostLabel(document, hostId)}` : ''}: deploy the lab first.`);
      const owner = networkOwnerOf(live, container);
      return openConsole(engine, {
        container: container.dockerId,
        sidecar: () => ensureSidecar(engine, lab, { kind: 'node', node, containerId: container.dockerId, netContainerId: owner.dockerId }),
      }, { cols, rows }, handlers);
    });
    sessions.set(id, session);
    return { id, via: session.via, ...(hostId ? { host: hostId } : {}) };
  }

  return {
    open,
    input: ({ id, data }) => {
      sessionOf(id).write(data);
      return { ok: true };
    },
    resize: async ({ id, cols, rows }) => {
      await sessionOf(id).resize(cols, rows);
      return { ok: true };
    },
    close: ({ id }) => {
      sessions.get(id)?.close();
      return { ok: true };
    },
    closeAll: () => {
      for (const s of sessions.values()) s.close();
      sessions.clear();
    },
  };
}
