import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../lab/api';
import { LabApiHost, type ClosableLabApi } from './service-host';

function factory() {
  const made: { workspace: string; service: ClosableLabApi; close: ReturnType<typeof vi.fn> }[] = [];
  const make = vi.fn(({ workspace }: { workspace: string; templatesDir: string }) => {
    const close = vi.fn(async () => {});
    const service = { close, workspace } as unknown as ClosableLabApi;
    made.push({ workspace, service, close });
    return service;
  });
  return { make, made };
}

describe('LabApiHost', () => {
  it('answers file methods from the current workspace and the rest from the one engine service', async () => {
    const { make, made } = factory();
    const host = new LabApiHost(make, '/t', '/home/u/labs');
    expect(host.serviceFor('filesRead')).toBe(host.engine);
    await host.setWorkspace('/home/u/other');
    expect(host.workspace).toBe('/home/u/other');
    const files = host.serviceFor('filesWrite') as LabApi & { workspace: string };
    expect(files.workspace).toBe('/home/u/other');
    expect(host.serviceFor('labDeploy')).toBe(host.engine);
    expect(host.serviceFor('labWatch')).toBe(host.engine);
    expect(made[0].close).not.toHaveBeenCalled(); // the engine service (deploys, watches) lives on
    expect(make).toHaveBeenLastCalledWith({ workspace: '/home/u/other', templatesDir: '/t' });
  });

  it('replaces and closes the previous files service, and does nothing for the same folder', async () => {
    const { make, made } = factory();
    const host = new LabApiHost(make, '/t', '/a');
    await host.setWorkspace('/b');
    await host.setWorkspace('/b/');
    expect(make).toHaveBeenCalledTimes(2);
    await host.setWorkspace('/c');
    expect(made[1].close).toHaveBeenCalledTimes(1);
    await host.close();
    expect(made[0].close).toHaveBeenCalledTimes(1);
    expect(made[2].close).toHaveBeenCalledTimes(1);
    expect(() => host.serviceFor('engineInfo')).toThrow(/closing/);
  });
});
