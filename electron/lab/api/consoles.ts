// Consoles: shells in nodes, by id. Output and exit travel as events; the id (random,
// 64 bits) is what input, resize and close are addressed to.
import { randomBytes } from 'node:crypto';
import type { LabApiRequest } from '../api';
import { openConsole, type ConsoleSession } from '../docker/console';
import { networkOwnerOf, readLiveState } from '../docker/live';
import { ensureSidecar } from '../docker/sidecars';
import { checkLabText } from '../lab-service';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { LabApiFailure } from './failure';

export interface Consoles {
  open(request: LabApiRequest<'consoleOpen'>): Promise<{ id: string; via: 'node' | 'sidecar' }>;
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
    const lab = checked.document.name;
    const id = randomBytes(8).toString('hex');
    const session = await withDocker(async (docker) => {
      const live = await readLiveState(docker, lab);
      const target = live.containers.find((c) => c.labId === node);
      if (!target || target.state !== 'running') throw new LabApiFailure('invalid-request', `${node} is not running in lab ${lab}: deploy the lab first.`);
      const owner = networkOwnerOf(live, target);
      return openConsole(docker, {
        container: target.dockerId,
        sidecar: () => ensureSidecar(docker, lab, { kind: 'node', node, containerId: target.dockerId, netContainerId: owner.dockerId }),
      }, { cols, rows }, {
        onOutput: (data) => emit('consoleOutput', { id, data }),
        onExit: (code) => {
          sessions.delete(id);
          emit('consoleExit', { id, code });
        },
      });
    });
    sessions.set(id, session);
    return { id, via: session.via };
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
