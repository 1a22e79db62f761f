// containerCreateOptions: the exact Docker API payload made from a ContainerSpec.
import { describe, expect, it } from 'vitest';
import { LABEL_ID, LABEL_LAB, LABEL_ROLE, LABEL_SPEC } from '../plan/naming';
import { containerCreateOptions } from './operations';

import { node, specsOf } from './operations.test-support';

describe('containerCreateOptions', () => {
  it('produces the exact payload for a node on a network', () => {
    const spec = node({
      cmd: ['/bin/sh', '-c', 'sleep infinity'],
      env: ['A=1', 'B=two'],
      capAdd: ['NET_ADMIN', 'NET_RAW'],
      sysctls: { 'net.ipv4.ip_forward': '1' },
      endpoints: [
        { network: 'lan', networkName: 'topolab-l-lan', ip: '10.1.0.10', aliases: ['a', 'web'], mac: '02:42:0a:01:00:0a' },
        { network: 'wan', networkName: 'topolab-l-wan', ip: '10.2.0.10', aliases: ['a'] },
      ],
      ports: [{ container: 80, proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }],
    });
    expect(containerCreateOptions(spec)).toStrictEqual({
      name: 'topolab-l-a',
      Image: 'topolab/node',
      Cmd: ['/bin/sh', '-c', 'sleep infinity'],
      Env: ['A=1', 'B=two'],
      Hostname: 'a',
      Labels: spec.labels,
      ExposedPorts: { '80/tcp': {} },
      MacAddress: '02:42:0a:01:00:0a',
      HostConfig: {
        NetworkMode: 'topolab-l-lan',
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] },
        CapAdd: ['NET_ADMIN', 'NET_RAW'],
        Sysctls: { 'net.ipv4.ip_forward': '1' },
        RestartPolicy: { Name: 'no' },
      },
      NetworkingConfig: {
        EndpointsConfig: { 'topolab-l-lan': { IPAMConfig: { IPv4Address: '10.1.0.10' }, Aliases: ['a', 'web'] } },
      },
    });
  });

  it('attaches only the first endpoint at create time', () => {
    const o = containerCreateOptions(
      node({
        endpoints: [
          { network: 'lan', networkName: 'topolab-l-lan', aliases: ['a'] },
          { network: 'wan', networkName: 'topolab-l-wan', ip: '10.2.0.10', aliases: ['a'] },
        ],
      }),
    );
    expect(Object.keys(o.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(['topolab-l-lan']);
    // No address asked for: no IPAMConfig at all (the engine picks).
    expect(o.NetworkingConfig?.EndpointsConfig?.['topolab-l-lan']).toStrictEqual({ Aliases: ['a'] });
    expect(o).not.toHaveProperty('MacAddress');
  });

  it('asks for IPv4 and IPv6 addresses of the first endpoint', () => {
    const o = containerCreateOptions(node({ endpoints: [{ network: 'lan', networkName: 'topolab-l-lan', ip: '10.1.0.10', ip6: 'fd00::10', aliases: [] }] }));
    expect(o.NetworkingConfig?.EndpointsConfig?.['topolab-l-lan']).toStrictEqual({ IPAMConfig: { IPv4Address: '10.1.0.10', IPv6Address: 'fd00::10' }, Aliases: [] });
  });

  it('host mode: NetworkMode host, no hostname, no endpoints', () => {
    const o = containerCreateOptions(node({ networkMode: { kind: 'host' }, hostname: 'a' }));
    expect(o.HostConfig?.NetworkMode).toBe('host');
    expect(o).not.toHaveProperty('Hostname');
    expect(o).not.toHaveProperty('NetworkingConfig');
    expect(o).not.toHaveProperty('MacAddress');
  });

  it("container mode: joins the other container's namespace, no hostname, no endpoints", () => {
    const o = containerCreateOptions(
      node({ networkMode: { kind: 'container', node: 'b', containerName: 'topolab-l-b' }, hostname: 'a', endpoints: [{ network: 'lan', networkName: 'topolab-l-lan', aliases: [], mac: '02:00:00:00:00:01' }] }),
    );
    expect(o.HostConfig?.NetworkMode).toBe('container:topolab-l-b');
    expect(o).not.toHaveProperty('Hostname');
    expect(o).not.toHaveProperty('NetworkingConfig');
    expect(o).not.toHaveProperty('MacAddress');
  });

  it('none mode: its own namespace with no network, hostname kept', () => {
    const o = containerCreateOptions(node({ networkMode: { kind: 'none' }, endpoints: [] }));
    expect(o.HostConfig?.NetworkMode).toBe('none');
    expect(o.Hostname).toBe('a');
    expect(o).not.toHaveProperty('NetworkingConfig');
  });

  it('omits Cmd, ExposedPorts and PortBindings when the spec has none', () => {
    const o = containerCreateOptions(node());
    expect(o).not.toHaveProperty('Cmd');
    expect(o).not.toHaveProperty('ExposedPorts');
    expect(o.HostConfig).not.toHaveProperty('PortBindings');
  });

  it('publishes tcp and udp ports; an unset host port becomes the empty string (engine picks)', () => {
    const o = containerCreateOptions(
      node({
        ports: [
          { container: 53, proto: 'udp', hostIp: '127.0.0.1' },
          { container: 53, proto: 'tcp', hostIp: '0.0.0.0', hostPort: 5353 },
          { container: 80, proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
          { container: 80, proto: 'tcp', hostIp: '::1', hostPort: 8080 },
        ],
      }),
    );
    expect(o.ExposedPorts).toStrictEqual({ '53/udp': {}, '53/tcp': {}, '80/tcp': {} });
    expect(o.HostConfig?.PortBindings).toStrictEqual({
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '53/tcp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
      '80/tcp': [
        { HostIp: '127.0.0.1', HostPort: '8080' },
        { HostIp: '::1', HostPort: '8080' },
      ],
    });
  });

  describe('from a lab file, through the planner', () => {
    const { containers } = specsOf(`
topolab: 1
name: l
networks:
  - {id: lan, driver: bridge, subnet: 10.62.1.0/24}
  - {id: wan, driver: bridge, subnet: 10.62.2.0/24}
  - {id: h, driver: host}
  - {id: n, driver: none}
nodes:
  - id: web
    hostname: www
    env: {B: 2, A: one}
    caps: [cap_net_raw]
    sysctls: {net.ipv6.conf.all.disable_ipv6: 0}
    ports:
      - {container: 80}
      - {container: 53, host: 5353, proto: udp}
      - {container: 443, host: 8443, hostIp: 0.0.0.0}
    interfaces:
      - {network: lan, ip: 10.62.1.10, aliases: [www]}
      - {network: wan, ip: 10.62.2.10}
  - id: r1
    kind: router
    interfaces:
      - {network: wan, ip: 10.62.2.1}
    routes:
      - {to: 10.62.9.0/24, via: 10.62.2.254}
  - id: side
    sharesNetworkWith: web
  - id: hosty
    interfaces: [{network: h}]
  - id: lonely
    interfaces: [{network: n}]
`);
    const payload = (id: string) => containerCreateOptions(containers.find((c) => c.id === id)!);

    it('a node on two networks: first endpoint at create, node id as alias, ports on 127.0.0.1 by default', () => {
      const o = payload('web');
      expect(o).toMatchObject({
        name: 'topolab-l-web',
        Image: 'topolab/node',
        Hostname: 'www',
        Env: ['A=one', 'B=2'],
        ExposedPorts: { '80/tcp': {}, '53/udp': {}, '443/tcp': {} },
        HostConfig: {
          NetworkMode: 'topolab-l-lan',
          PortBindings: {
            '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
            '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
            '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '8443' }],
          },
          CapAdd: ['NET_RAW'],
          Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '0' },
          RestartPolicy: { Name: 'no' },
        },
        NetworkingConfig: { EndpointsConfig: { 'topolab-l-lan': { IPAMConfig: { IPv4Address: '10.62.1.10' }, Aliases: ['web', 'www'] } } },
      });
      expect(Object.keys(o.NetworkingConfig!.EndpointsConfig!)).toEqual(['topolab-l-lan']);
      expect(o.Labels).toMatchObject({ [LABEL_LAB]: 'l', [LABEL_ID]: 'web', [LABEL_ROLE]: 'node' });
      expect(o.Labels?.[LABEL_SPEC]).toMatch(/^[0-9a-f]{16}$/);
    });

    it('a router: NET_ADMIN and ip_forward', () => {
      const o = payload('r1');
      expect(o.HostConfig?.CapAdd).toEqual(['NET_ADMIN']);
      expect(o.HostConfig?.Sysctls).toEqual({ 'net.ipv4.ip_forward': '1' });
      expect(o.Hostname).toBe('r1');
    });

    it('a node sharing a namespace: container mode, no hostname', () => {
      const o = payload('side');
      expect(o.HostConfig?.NetworkMode).toBe('container:topolab-l-web');
      expect(o).not.toHaveProperty('Hostname');
      expect(o).not.toHaveProperty('NetworkingConfig');
    });

    it('a node on the host network: host mode, no hostname', () => {
      const o = payload('hosty');
      expect(o.HostConfig?.NetworkMode).toBe('host');
      expect(o).not.toHaveProperty('Hostname');
      expect(o).not.toHaveProperty('NetworkingConfig');
    });

    it('a node on the none network: none mode, own hostname', () => {
      const o = payload('lonely');
      expect(o.HostConfig?.NetworkMode).toBe('none');
      expect(o.Hostname).toBe('lonely');
    });
  });
});

// ---------------------------------------------------------------- routes

