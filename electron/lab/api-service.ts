// LabApi served from plain Node: the engine's use cases (lab-service) behind the one
// contract the UI knows. Electron IPC and the WebSocket bridge both wrap this object;
// neither knows Docker. Payloads are validated before they get here (api-dispatch).
// This file only composes the parts under ./api/, one duty each: the engine
// connection, workspace files (confined to the workspace here too: this is where the
// disk is touched), templates, deploys, labState watches, traces, inspections, live
// traffic and event listeners.
import type Dockerode from 'dockerode';
import type { LabApi, NodeLiveState } from './api';
import { createDeploys } from './api/deploys';
import { createEngineConnection } from './api/engine-connection';
import { createEvents } from './api/events';
import { LabApiFailure } from './api/failure';
import { createLabWatches } from './api/lab-watch';
import { listTemplates, readTemplate } from './api/templates';
import { createConsoles } from './api/consoles';
import { createInspections } from './api/inspections';
import { createLabTests } from './api/lab-tests';
import { createTraces } from './api/traces';
import { createTrafficWatches } from './api/traffic';
import { createWorkspaceFiles } from './api/workspace-files';
import { connectEngine } from './docker/engine';
import { checkLabText, downLab, labStatus, prepareUp } from './lab-service';
import { hasErrors } from './model/diagnostics';
import type { LabDocument } from './model/schema';

export { LabApiFailure } from './api/failure';
export { labStateFromEvent } from './api/lab-state';

export interface LabApiServiceOptions {
  workspace: string;
  templatesDir: string;
  connect?: () => Promise<{ docker: Dockerode; endpoint: string }>;
}

export type LabApiService = LabApi & { close(): Promise<void> };

/** The lab file of a request that names its lab too: it must be readable and be that lab. */
function documentOf(text: string, lab: string): LabDocument {
  const checked = checkLabText(text);
  if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
  if (checked.document.name !== lab) throw new LabApiFailure('invalid-request', `The lab file is lab ${checked.document.name}, not ${lab}.`);
  return checked.document;
}

export function createLabApiService(opts: LabApiServiceOptions): LabApiService {
  const { withDocker, info } = createEngineConnection(opts.connect ?? (() => connectEngine()));
  const events = createEvents();
  const files = createWorkspaceFiles(opts.workspace);
  const deploys = createDeploys(withDocker, events.emit);
  const watches = createLabWatches(withDocker, events.emit);
  const traces = createTraces(withDocker, events.emit);
  const inspections = createInspections(withDocker);
  const consoles = createConsoles(withDocker, events.emit);
  const labTests = createLabTests(withDocker, events.emit, deploys);
  const traffic = createTrafficWatches(withDocker, events.emit);

  return {
    engineInfo: () => info(),
    templatesList: () => listTemplates(opts.templatesDir),
    templatesRead: ({ id }) => readTemplate(opts.templatesDir, id),
    filesList: () => files.list(),
    filesRead: ({ path }) => files.read(path),
    filesWrite: ({ path, text }) => files.write(path, text),
    async labPlan({ text }) {
      const checked = checkLabText(text);
      if (!checked.document || hasErrors(checked.diagnostics)) return { diagnostics: checked.diagnostics };
      const prepared = await withDocker((docker) => prepareUp(docker, text));
      return 'plan' in prepared ? { plan: prepared.plan, diagnostics: prepared.diagnostics } : { diagnostics: prepared.diagnostics };
    },
    labDeploy: ({ text }) => deploys.deploy(text),
    async labStatus({ text }) {
      const checked = checkLabText(text);
      if (!checked.document) throw new LabApiFailure('invalid-request', `The lab file cannot be read: ${checked.diagnostics[0]?.message ?? 'unknown error'}`);
      const status = await withDocker((docker) => labStatus(docker, checked.document!));
      return {
        lab: status.lab,
        nodes: status.nodes.map((n) => ({
          id: n.id,
          state: n.state as NodeLiveState['state'],
          status: n.status,
          interfaces: n.interfaces.map((i) => ({ network: i.network, ip: i.ip, mac: i.mac })),
          ...(n.host ? { host: n.host } : {}),
        })),
        networks: status.networks,
        ...(status.hosts.length ? { hosts: status.hosts.map(({ id, kind, state, status: text, addresses, engineAnswers }) => ({ id, kind, state, status: text, addresses, engineAnswers })) } : {}),
      };
    },
    async labDestroy({ lab, text }) {
      deploys.refuseIfBusy(lab); // removing what a running deploy is creating would leave neither lab nor nothing
      const document = text === undefined ? undefined : documentOf(text, lab);
      const result = await withDocker((docker) => downLab(docker, lab, document));
      const onHost = (host: string) => (name: string) => `${name} (on ${host})`;
      return {
        removedContainers: [...result.removedContainers, ...result.remote.flatMap((r) => (r.removed?.removedContainers ?? []).map(onHost(r.host)))],
        removedNetworks: [...result.removedNetworks, ...result.remote.flatMap((r) => (r.removed?.removedNetworks ?? []).map(onHost(r.host)))],
        removedVeths: [...result.removedVeths, ...result.remote.flatMap((r) => (r.removed?.removedVeths ?? []).map(onHost(r.host)))],
        failed: [
          ...result.failed,
          ...result.remote.flatMap((r) => (r.removed ? r.removed.failed.map((f) => ({ ...f, name: `${f.name} (on ${r.host})` })) : [{ kind: 'host', name: r.host, message: r.unreachable! }])),
        ],
      };
    },
    async labWatch({ lab, watch, text }) {
      if (!watch) {
        watches.stop(lab);
        return { watching: false };
      }
      await watches.start(lab, text === undefined ? undefined : documentOf(text, lab));
      return { watching: true };
    },
    labTrace: (request) => traces.trace(request),
    labInspect: (request) => inspections.inspect(request),
    labTest: (request) => labTests.test(request),
    labInspectNetwork: (request) => inspections.network(request),
    labInspectHost: (request) => inspections.host(request),
    consoleOpen: (request) => consoles.open(request),
    consoleInput: async (request) => consoles.input(request),
    consoleResize: (request) => consoles.resize(request),
    consoleClose: async (request) => consoles.close(request),
    async labTraffic({ lab, watch, text }) {
      if (!watch) {
        traffic.stop(lab);
        return { watching: false };
      }
      return { watching: true, source: await traffic.start(lab, text === undefined ? undefined : documentOf(text, lab)) };
    },
    on: events.on,
    async close() {
      watches.stopAll();
      traffic.stopAll();
      consoles.closeAll();
      await deploys.abortAll();
      events.clear();
    },
  };
}
