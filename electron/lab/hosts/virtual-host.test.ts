import { describe, expect, it } from 'vitest';
import { nestedCgroupParent, virtualHostCreateOptions, type VirtualHostSpec } from './virtual-host';

const spec: VirtualHostSpec = { lab: 'demo', id: 'h1', underlays: [{ network: 'topolab-demo-underlay', ip: '10.1.0.11' }, { network: 'topolab-demo-mgmt' }], specHash: 'abc' };

describe('virtualHostCreateOptions', () => {
  it('grants every capability but SYS_RESOURCE, unconfined, host cgroupns with cgroupfs rw, when privileged does not work', () => {
    const options = virtualHostCreateOptions(spec, 'capabilities');
    expect(options.HostConfig).toMatchObject({
      CapAdd: ['ALL'],
      CapDrop: ['SYS_RESOURCE'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      MaskedPaths: [],
      ReadonlyPaths: [],
      CgroupnsMode: 'host',
      Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
    });
    expect(options.HostConfig?.Privileged).toBeUndefined();
  });

  it('is simply privileged where the engine allows it', () => {
    const options = virtualHostCreateOptions(spec, 'privileged');
    expect(options.HostConfig?.Privileged).toBe(true);
    expect(options.HostConfig?.CapAdd).toBeUndefined();
  });

  it('keeps the nested engine on a tmpfs with vfs and its own cgroup parent', () => {
    const options = virtualHostCreateOptions(spec, 'capabilities');
    expect(options.HostConfig?.Tmpfs).toHaveProperty('/var/lib/docker');
    expect(options.Cmd).toEqual(['/usr/local/bin/topolab-host-entrypoint', '--cgroup-parent', '/topolab-demo-h1']);
    expect(nestedCgroupParent('demo', 'h2')).not.toBe(nestedCgroupParent('demo', 'h1'));
  });

  it('is named and labelled as the lab\'s host, on its first underlay with its address', () => {
    const options = virtualHostCreateOptions(spec, 'capabilities');
    expect(options.name).toBe('topolab-demo-h1');
    expect(options.Hostname).toBe('h1');
    expect(options.Labels).toMatchObject({ 'io.topolab.lab': 'demo', 'io.topolab.id': 'h1', 'io.topolab.role': 'host', 'io.topolab.spec': 'abc' });
    expect(options.HostConfig?.NetworkMode).toBe('topolab-demo-underlay');
    expect(options.NetworkingConfig?.EndpointsConfig).toEqual({ 'topolab-demo-underlay': { IPAMConfig: { IPv4Address: '10.1.0.11' } } });
  });

  it('has no network at all without an underlay', () => {
    const options = virtualHostCreateOptions({ ...spec, underlays: [] }, 'capabilities');
    expect(options.HostConfig?.NetworkMode).toBe('none');
    expect(options.NetworkingConfig).toBeUndefined();
  });
});
