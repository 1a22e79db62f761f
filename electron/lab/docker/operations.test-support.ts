// Shared by the operations tests: hand-made specs, and specs made by the planner.
import { planAddresses } from '../model/addressing';
import { parseLab } from '../model/parse';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, LABEL_SPEC } from '../plan/naming';
import { desiredState, type DesiredState } from '../plan/spec';
import type { ContainerSpec, NetworkSpec } from '../plan/types';

export const LABELS = { [LABEL_LAB]: 'l', [LABEL_ID]: 'x', [LABEL_ROLE]: 'network', [LABEL_SPEC]: '0123456789abcdef' };

export function net(over: Partial<NetworkSpec> = {}): NetworkSpec {
  return { id: 'lan', name: 'topolab-l-lan', driver: 'bridge', internal: false, attachable: false, options: {}, labels: LABELS, specHash: '0123456789abcdef', ...over };
}

export function node(over: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    id: 'a',
    name: 'topolab-l-a',
    image: 'topolab/node',
    hostname: 'a',
    env: [],
    networkMode: { kind: 'network', networkName: 'topolab-l-lan' },
    endpoints: [{ network: 'lan', networkName: 'topolab-l-lan', aliases: ['a'] }],
    ports: [],
    capAdd: [],
    sysctls: {},
    routes: [],
    dropDefaultRoute: false,
    router: false,
    labels: { [LABEL_LAB]: 'l', [LABEL_ID]: 'a', [LABEL_ROLE]: 'node', [LABEL_SPEC]: 'fedcba9876543210' },
    specHash: 'fedcba9876543210',
    ...over,
  };
}

/** The specs the planner makes from a lab file, as `up` would hand them to the adapter. */
export function specsOf(yaml: string): DesiredState {
  const parsed = parseLab(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics, null, 2));
  return desiredState(parsed.document, planAddresses({ document: parsed.document, used: [] }));
}
