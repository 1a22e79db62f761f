// Removing containers and networks when an earlier run was interrupted. A killed
// `topolab up` leaves requests the engine goes on serving: a container it asked to
// start is still "created" for a moment. Removing it with force during that start
// races inside the engine and can leave the network's endpoint count one too high,
// after which the network refuses removal ("has active endpoints") until the engine
// restarts (moby/moby#42119). So: let a start in flight finish, clear endpoints whose
// container is gone, retry a few times, and otherwise say plainly what is wrong.
import type Dockerode from 'dockerode';
import { engineMessage, isNotFound } from './errors';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a container that was never started may still be being started by someone else. */
const START_SETTLE_MS = 1500;
const POLL_MS = 100;

/**
 * Waits (bounded) while a container is "created" with no start error recorded: a start
 * from an interrupted run may still be under way in the engine. Returns at once for
 * any other state and for a container that is gone.
 */
export async function settleStartInFlight(docker: Dockerode, id: string): Promise<void> {
  const deadline = Date.now() + START_SETTLE_MS;
  for (;;) {
    let state: { Status?: string; Error?: string } | undefined;
    try {
      state = (await docker.getContainer(id).inspect()).State as { Status?: string; Error?: string };
    } catch {
      return;
    }
    if (state?.Status !== 'created' || state.Error || Date.now() >= deadline) return;
    await sleep(POLL_MS);
  }
}

/** Removes a container, after letting a start in flight finish; gone already is fine. */
export async function removeContainerSettled(docker: Dockerode, id: string): Promise<void> {
  await settleStartInFlight(docker, id);
  await docker
    .getContainer(id)
    .remove({ force: true })
    .catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
}

const RETRY_DELAYS_MS = [200, 500, 1000, 2000];

export const isActiveEndpoints = (err: unknown) => /active endpoints/i.test(engineMessage(err));

interface NetworkEndpoints {
  Containers?: Record<string, { Name?: string; EndpointID?: string }> | null;
}

/**
 * Force-disconnects endpoints of the network whose container no longer exists (the
 * engine lists them as `ep-<id>` or under a vanished container id). Returns the
 * containers that do exist and still hold an endpoint.
 */
async function clearStaleEndpoints(docker: Dockerode, networkId: string): Promise<{ held: string[] }> {
  const info = (await docker.getNetwork(networkId).inspect()) as NetworkEndpoints;
  const held: string[] = [];
  for (const [key, endpoint] of Object.entries(info.Containers ?? {})) {
    const exists = !key.startsWith('ep-') && (await docker.getContainer(key).inspect().then(() => true, () => false));
    if (exists) {
      held.push(endpoint.Name || key);
      continue;
    }
    await docker
      .getNetwork(networkId)
      .disconnect({ Container: endpoint.Name || key, Force: true })
      .catch(() => undefined);
  }
  return { held };
}

/** The network stays because the engine counts an endpoint that nothing holds. */
export class PhantomEndpointError extends Error {
  override name = 'PhantomEndpointError';
  constructor(readonly network: string) {
    super(
      `the engine still counts an endpoint on network ${network} although no container uses it ` +
        '(a Docker engine bookkeeping fault after an interrupted operation, moby/moby#42119). ' +
        'Restart the Docker engine to clear it, then run down again.',
    );
  }
}

/**
 * Removes a network; gone already is fine. When the engine answers "active endpoints",
 * stale endpoints are cleared and removal retried a few times (an interrupted run's
 * last requests may still be finishing). A network held by existing containers fails
 * at once with the engine's words; one held by nothing, at last, with PhantomEndpointError.
 */
export async function removeNetworkPatiently(docker: Dockerode, networkId: string, name = networkId): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await docker.getNetwork(networkId).remove();
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isActiveEndpoints(err)) throw err;
      let held: string[];
      try {
        ({ held } = await clearStaleEndpoints(docker, networkId));
      } catch (inspectErr) {
        if (isNotFound(inspectErr)) return;
        throw err;
      }
      // Held by containers that exist: not ours to take away (a foreign container), say so now.
      if (held.length > 0) throw err;
      if (attempt >= RETRY_DELAYS_MS.length) throw new PhantomEndpointError(name);
      await sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
}
