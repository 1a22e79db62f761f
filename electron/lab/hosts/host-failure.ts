// When an operation on a virtual host fails, the engine's words are often about the
// transport ("socket hang up", "container … is not running"): the real news is that the
// host itself stopped. This says so first, naming the host.
import type Dockerode from 'dockerode';
import { isNotFound } from '../docker/errors';
import { objectName } from '../plan/naming';
import type { Operation } from '../plan/types';

/** The virtual hosts an operation needs running (host.start and host.remove say for themselves). */
export function hostsOfOperation(op: Operation): string[] {
  switch (op.kind) {
    case 'host.start':
    case 'host.remove':
      return [];
    case 'swarm.form':
      return [op.manager.host, ...op.workers.map((w) => w.host)];
    default:
      return op.host ? [op.host] : [];
  }
}

/** How a host's container is, in words, when it is not running; undefined when it runs (or cannot be told). */
export function hostDownText(host: string, container: string, state: { Status?: string; ExitCode?: number } | null): string | undefined {
  if (state === null) return `virtual host ${host} is gone (its container ${container} was removed)`;
  if (!state.Status || state.Status === 'running') return undefined;
  return `virtual host ${host} is not running (its container ${container} is ${state.Status}${state.Status === 'exited' && state.ExitCode !== undefined ? ` with code ${state.ExitCode}` : ''})`;
}

/** The failure message of `op`, led by which of its virtual hosts stopped, if any did (`remotes`: hosts that are not virtual). */
export async function explainHostFailure(outer: Dockerode, lab: string, op: Operation, message: string, remotes: Record<string, unknown> = {}): Promise<string> {
  const hosts = hostsOfOperation(op).filter((h) => !Object.hasOwn(remotes, h));
  if (hosts.length === 0) return message;
  // The transport can break a moment before the engine records the host's exit: look twice more.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
    const down = await Promise.all(
      hosts.map(async (host) => {
        const container = objectName(lab, host);
        const state = await outer
          .getContainer(container)
          .inspect()
          .then((info) => info.State as { Status?: string; ExitCode?: number }, (err) => (isNotFound(err) ? null : {}));
        return hostDownText(host, container, state);
      }),
    );
    const said = down.filter((d): d is string => !!d);
    if (said.length) return `${said.join('; ')}: ${message}`;
  }
  return message;
}
