// composeLabStatus: a multi-host lab's status from the engines' live states (pure).
import { describe, expect, it } from 'vitest';
import { composeLabStatus, remoteHostProblem, virtualHostProblem, type RemoteHostRead, type VirtualHostRead } from './lab-status';
import { parseLab } from './model/parse';
import type { LabDocument } from './model/schema';
import { emptyLiveState, type LiveContainer, type LiveNetwork, type LiveState } from './plan/types';

function lab(yaml: string): LabDocument {
  const parsed = parseLab(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics, null, 2));
  return parsed.document;
}

const DOC = lab(`topolab: 1
name: mh
hosts:
  - {id: local}
  - {id: a, kind: virtual, interfaces: [{network: wan, ip: 10.80.0.11}]}
  - {id: b, kind: virtual, interfaces: [{network: wan, ip: 10.80.0.12}]}
networks:
  - {id: wan, driver: bridge, subnet: 10.80.0.0/24}
  - {id: ovl, driver: overlay, subnet: 10.80.10.0/24}
  - {id: lan, driver: bridge, host: a, subnet: 10.80.1.0/24}
nodes:
  - {id: ca, host: a, interfaces: [{network: ovl}, {network: lan}]}
  - {id: cb, host: b, interfaces: [{network: ovl}]}
  - {id: mon, interfaces: [{network: wan}]}
`);

const network = (id: string, driver: string, subnet: string): LiveNetwork => ({
  dockerId: `${id}-id`, name: `topolab-mh-${id}`, labId: id, specHash: 'h', driver, subnets: [subnet], options: {}, labels: {}, containerIds: [],
});
const container = (id: string, endpoints: [string, string][], state: LiveContainer['state'] = 'running'): LiveContainer => ({
  dockerId: `${id}-id`, name: `topolab-mh-${id}`, labId: id, specHash: 'h', state, status: state === 'running' ? 'Up 1 minute' : 'Exited (1)', image: 'topolab/node',
  pid: 0, startedAt: '', networkMode: endpoints[0]?.[0] ?? 'none',
  endpoints: endpoints.map(([networkName, ip]) => ({ networkName, networkDockerId: 'x', ip, aliases: [] })),
  labels: {},
});
const live = (parts: Partial<LiveState>): LiveState => ({ ...emptyLiveState('mh', { name: 'outer', serverVersion: '27.0' }), ...parts });

const LOCAL = live({ networks: [network('wan', 'bridge', '10.80.0.0/24')], containers: [container('mon', [['topolab-mh-wan', '10.80.0.5']])] });
const hostA = (over: Partial<VirtualHostRead> = {}): VirtualHostRead => ({
  id: 'a',
  container: { name: 'topolab-mh-a', state: 'running', status: 'Up 2 minutes', addresses: { 'topolab-mh-wan': '10.80.0.11' } },
  live: live({
    engine: { ...emptyLiveState('mh').engine, serverVersion: '24.0' },
    networks: [network('lan', 'bridge', '10.80.1.0/24'), network('ovl', 'overlay', '10.80.10.0/24')],
    // endpoints in engine order, not file order
    containers: [container('ca', [['topolab-mh-lan', '10.80.1.10'], ['topolab-mh-ovl', '10.80.10.10']])],
  }),
  ...over,
});
const hostB = (over: Partial<VirtualHostRead> = {}): VirtualHostRead => ({
  id: 'b',
  container: { name: 'topolab-mh-b', state: 'running', status: 'Up 2 minutes', addresses: { 'topolab-mh-wan': '10.80.0.12' } },
  // a worker may list the overlay without the lab's labels: its name still says which it is
  live: live({ containers: [container('cb', [['topolab-mh-ovl', '10.80.10.20']])] }),
  ...over,
});

describe('composeLabStatus', () => {
  it('reads nodes on virtual hosts from their engines, with addresses in file order', () => {
    const status = composeLabStatus(DOC, LOCAL, [hostA(), hostB()], [{ id: 'a', name: 'topolab-mh-a' }, { id: 'b', name: 'topolab-mh-b' }]);
    expect(status.nodes).toEqual([
      expect.objectContaining({ id: 'ca', host: 'a', state: 'running', interfaces: [{ network: 'ovl', ip: '10.80.10.10' }, { network: 'lan', ip: '10.80.1.10' }] }),
      expect.objectContaining({ id: 'cb', host: 'b', state: 'running', interfaces: [{ network: 'ovl', ip: '10.80.10.20' }] }),
      expect.objectContaining({ id: 'mon', state: 'running', interfaces: [{ network: 'wan', ip: '10.80.0.5' }] }),
    ]);
    expect(status.nodes[2].host).toBeUndefined();
    expect(status.strays).toEqual([]);
  });

  it('lists the hosts: the local engine, then each virtual host with its container, underlay addresses and engine', () => {
    const status = composeLabStatus(DOC, LOCAL, [hostA(), hostB({ live: undefined })]);
    expect(status.hosts).toEqual([
      { id: 'local', kind: 'local', state: 'running', status: 'Docker 27.0', addresses: [], engineAnswers: true, engineVersion: '27.0' },
      { id: 'a', kind: 'virtual', state: 'running', status: 'Up 2 minutes', addresses: [{ network: 'wan', ip: '10.80.0.11' }], engineAnswers: true, engineVersion: '24.0' },
      { id: 'b', kind: 'virtual', state: 'running', status: 'Up 2 minutes', addresses: [{ network: 'wan', ip: '10.80.0.12' }], engineAnswers: false },
    ]);
  });

  it('implies the local host when the file lists only virtual ones, and lists no hosts for a one-host lab', () => {
    const doc = { ...DOC, hosts: DOC.hosts!.filter((h) => h.kind === 'virtual') };
    expect(composeLabStatus(doc, LOCAL, [hostA(), hostB()]).hosts.map((h) => `${h.id}:${h.kind}`)).toEqual(['local:local', 'a:virtual', 'b:virtual']);
    const single = lab('topolab: 1\nname: mh\nnetworks: [{id: wan, driver: bridge}]\nnodes: [{id: mon, interfaces: [{network: wan}]}]\n');
    expect(composeLabStatus(single, LOCAL).hosts).toEqual([]);
  });

  it('says why nodes of an absent, stopped or silent virtual host cannot be read', () => {
    const stopped = hostB({ container: { name: 'topolab-mh-b', state: 'exited', status: 'Exited (137) 3 seconds ago', addresses: {} }, live: undefined });
    const status = composeLabStatus(DOC, LOCAL, [hostA({ container: undefined, live: undefined }), stopped]);
    expect(status.nodes.find((n) => n.id === 'ca')).toMatchObject({ state: 'missing', status: 'virtual host a does not exist (deploy the lab)', interfaces: [] });
    expect(status.nodes.find((n) => n.id === 'cb')).toMatchObject({ state: 'exited', status: 'virtual host b is not running (Exited (137) 3 seconds ago)' });
    expect(status.hosts.find((h) => h.id === 'a')).toMatchObject({ state: 'missing', engineAnswers: false, addresses: [{ network: 'wan', ip: undefined }] });
    expect(status.hosts.find((h) => h.id === 'b')).toMatchObject({ state: 'exited', engineAnswers: false });
    expect(virtualHostProblem('b', hostB({ live: undefined }))).toEqual({ state: 'dead', status: 'the Docker engine of virtual host b does not answer' });
    expect(virtualHostProblem('b', hostB())).toBeUndefined();
  });

  it('finds a virtual host network on its engine and an overlay on every host that has it', () => {
    const status = composeLabStatus(DOC, LOCAL, [hostA(), hostB()]);
    expect(status.networks).toEqual([
      { id: 'wan', driver: 'bridge', state: 'present', subnets: ['10.80.0.0/24'] },
      { id: 'ovl', driver: 'overlay', state: 'present', subnets: ['10.80.10.0/24'], hosts: ['a'] },
      { id: 'lan', driver: 'bridge', state: 'present', subnets: ['10.80.1.0/24'], hosts: ['a'] },
    ]);
    const down = composeLabStatus(DOC, LOCAL, [hostA({ live: undefined }), hostB()]);
    expect(down.networks.find((n) => n.id === 'lan')).toEqual({ id: 'lan', driver: 'bridge', state: 'missing', subnets: [], hosts: ['a'] });
    expect(down.networks.find((n) => n.id === 'ovl')).toMatchObject({ state: 'missing', hosts: [] });
  });

  it('never counts the file\'s virtual hosts as strays, but objects each engine should not have, and hosts no longer in the file', () => {
    const a = hostA();
    a.live!.containers.push(container('old', []));
    const local = live({ ...LOCAL, containers: [...LOCAL.containers, container('ca', [])] });
    const status = composeLabStatus(DOC, local, [a, hostB()], [{ id: 'a', name: 'topolab-mh-a' }, { id: 'b', name: 'topolab-mh-b' }, { id: 'gone', name: 'topolab-mh-gone' }]);
    expect(status.strays).toEqual(['topolab-mh-ca', 'topolab-mh-gone', 'topolab-mh-old (on a)']);
  });
});

describe('composeLabStatus with a remote host', () => {
  const REMOTE_DOC = lab(`topolab: 1
name: mh
hosts:
  - {id: local}
  - {id: far, kind: remote, url: "ssh://lab@far.example"}
networks:
  - {id: wan, driver: bridge, subnet: 10.80.0.0/24}
  - {id: lanfar, driver: bridge, host: far, subnet: 10.80.5.0/24}
nodes:
  - {id: f1, host: far, interfaces: [{network: lanfar}]}
  - {id: mon, interfaces: [{network: wan}]}
`);
  const far = (over: Partial<RemoteHostRead> = {}): RemoteHostRead => ({
    id: 'far',
    where: 'ssh://lab@far.example',
    live: live({
      engine: { ...emptyLiveState('mh').engine, serverVersion: '26.1' },
      networks: [network('lanfar', 'bridge', '10.80.5.0/24')],
      containers: [container('f1', [['topolab-mh-lanfar', '10.80.5.10']]), container('stray', [])],
    }),
    ...over,
  });

  it('reads its nodes and networks from its engine, and lists it as running with its URL', () => {
    const status = composeLabStatus(REMOTE_DOC, LOCAL, [], [], [far()]);
    expect(status.nodes.find((n) => n.id === 'f1')).toMatchObject({ host: 'far', state: 'running', interfaces: [{ network: 'lanfar', ip: '10.80.5.10' }] });
    expect(status.networks.find((n) => n.id === 'lanfar')).toEqual({ id: 'lanfar', driver: 'bridge', state: 'present', subnets: ['10.80.5.0/24'], hosts: ['far'] });
    expect(status.hosts[1]).toEqual({ id: 'far', kind: 'remote', state: 'running', status: 'ssh://lab@far.example', addresses: [], engineAnswers: true, engineVersion: '26.1' });
    expect(status.strays).toEqual(['topolab-mh-stray (on far)']);
  });

  it('shows an unreachable remote host as such, with its sentence, and its nodes say so', () => {
    const problem = 'Cannot reach remote host far at ssh://lab@far.example: is Docker running there?';
    const status = composeLabStatus(REMOTE_DOC, LOCAL, [], [], [far({ live: undefined, problem })]);
    expect(status.hosts[1]).toEqual({ id: 'far', kind: 'remote', state: 'unreachable', status: problem, addresses: [], engineAnswers: false });
    expect(status.nodes.find((n) => n.id === 'f1')).toMatchObject({ host: 'far', state: 'dead', status: 'remote host far is unreachable (ssh://lab@far.example)', interfaces: [] });
    expect(status.networks.find((n) => n.id === 'lanfar')).toMatchObject({ state: 'missing', hosts: ['far'] });
    expect(remoteHostProblem('far', far())).toBeUndefined();
  });
});
