// Docker container events → labState events. Pure: the watch feeds it the engine's
// event stream (lab-watch.ts).
import type { LabStateEvent } from '../api';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, isToolRole } from '../plan/naming';

export interface DockerEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * The labState of a container event of a lab's node (or virtual host: `kind: 'host'`), or
 * undefined for events that are not about their life (exec, attach, helpers, sidecars, other labs). `state` is missing when
 * the event alone does not tell it (kill, oom, health): the caller inspects the container.
 */
export function labStateFromEvent(lab: string, event: DockerEvent): (Omit<LabStateEvent, 'state' | 'status'> & Partial<LabStateEvent>) | undefined {
  const attrs = event.Actor?.Attributes ?? {};
  const node = attrs[LABEL_ID];
  if (event.Type !== 'container' || attrs[LABEL_LAB] !== lab || !node || isToolRole(attrs[LABEL_ROLE])) return undefined;
  const action = (event.Action ?? event.status ?? '').split(':')[0].trim();
  // a virtual host's container: the same life, said to be a host's
  const base = attrs[LABEL_ROLE] === 'host' ? { lab, node, kind: 'host' as const } : { lab, node };
  switch (action) {
    case 'create': return { ...base, state: 'created', status: 'Created' };
    case 'start':
    case 'restart':
    case 'unpause': return { ...base, state: 'running', status: 'Up' };
    case 'pause': return { ...base, state: 'paused', status: 'Paused' };
    case 'die': {
      const code = attrs.exitCode;
      return { ...base, state: 'exited', status: `Exited (${code ?? '?'})`, message: code === undefined ? 'exited' : `exited with code ${code}` };
    }
    case 'stop': return { ...base, state: 'exited', status: 'Stopped' };
    case 'destroy': return { ...base, state: 'missing', status: 'Removed' };
    case 'kill': return { ...base, message: attrs.signal ? `received signal ${attrs.signal}` : 'killed' };
    case 'oom': return { ...base, message: 'out of memory' };
    case 'health_status': {
      const health = (event.Action ?? event.status ?? '').split(':')[1]?.trim();
      return { ...base, message: health === 'unhealthy' ? 'health check failing' : undefined };
    }
    default: return undefined;
  }
}
