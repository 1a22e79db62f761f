// What goes wrong in real life: the CLI killed mid-`up`, a corrupt file, a subnet
// that clashes with the engine, a missing image, an engine that is down. Each must
// end in a clear message, exit 1, and an engine that `down` returns to its old state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLab, docker, engineSnapshot, labContainers, labNetworks, startTopolab, topolab, writeLab } from './support/harness';

const LAB = 'itest-faults';
/** The lab's nodes: labelled containers except topolab's short-lived helpers. */
const labNodes = async () => (await docker('ps', '-a', '--filter', `label=io.topolab.lab=${LAB}`, '--filter', 'label=io.topolab.role=node', '--format', '{{.Names}}')).split('\n').filter(Boolean);
const CLASH_NET = 'itest-faults-foreign-net';

const BIG = `topolab: 1
name: ${LAB}
networks:
${[1, 2, 3, 4].map((i) => `  - {id: n${i}, driver: bridge}`).join('\n')}
  - {id: mv, driver: macvlan}
nodes:
${Array.from({ length: 10 }, (_, i) => `  - {id: c${i}, interfaces: [{network: n${(i % 4) + 1}}, {network: n${((i + 1) % 4) + 1}}], routes: [{to: 10.255.${i}.0/24, dev: eth0}]}`).join('\n')}
  - {id: m, interfaces: [{network: mv}]}
`;

afterAll(async () => {
  await topolab(['down', '--lab', LAB]);
  await cleanupLab(LAB);
  await docker('network', 'rm', CLASH_NET).catch(() => undefined);
});

describe('SIGKILL in the middle of up', () => {
  let before: Awaited<ReturnType<typeof engineSnapshot>>;
  beforeAll(async () => {
    await cleanupLab(LAB);
    before = await engineSnapshot();
  });

  for (const afterMs of [150, 500, 1200, 2500]) {
    it(`killed after ${afterMs} ms: down returns the engine to its state before`, async () => {
      const file = writeLab(LAB, BIG);
      const child = startTopolab(['up', file]);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise((r) => setTimeout(r, afterMs));
      child.kill('SIGKILL');
      await exited;
      const down = await topolab(['down', '--lab', LAB]);
      expect(down.code, down.stderr).toBe(0);
      expect(await engineSnapshot()).toEqual(before);
    });
  }

  it('Ctrl-C stops scheduling, says what was done, and down cleans everything', async () => {
    const file = writeLab(LAB, BIG);
    const child = startTopolab(['up', file]);
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Ctrl-C once operations are running (not at a fixed time: planning can take longer on a busy machine)
    const applying = new Promise<void>((resolve) => child.stdout!.on('data', (chunk) => { stdout += chunk; if (stdout.includes('✓')) resolve(); }));
    await Promise.race([applying, exited]);
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(1);
    expect(stderr).toContain('Stopping after the running operations');
    expect(stderr).toMatch(/`topolab down .*` removes it all/);
    expect((await topolab(['down', '--lab', LAB])).code).toBe(0);
    expect(await engineSnapshot()).toEqual(before);
  });

  it('an interrupted up resumes: up after a kill completes the lab', async () => {
    const file = writeLab(LAB, BIG);
    const child = startTopolab(['up', file]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 800));
    child.kill('SIGKILL');
    await exited;
    const up = await topolab(['up', file]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(await labNodes()).toHaveLength(11);
    expect(JSON.parse((await topolab(['plan', file, '--json'])).stdout).operations).toEqual([]);
    await topolab(['down', '--lab', LAB]);
    expect(await engineSnapshot()).toEqual(before);
  });
});

describe('bad input: a clear message, exit 1, nothing created', () => {
  beforeAll(() => cleanupLab(LAB));

  async function expectNothingCreated() {
    expect(await labContainers(LAB)).toEqual([]);
    expect(await labNetworks(LAB)).toEqual([]);
  }

  it('a corrupt YAML file', async () => {
    const file = writeLab(LAB, 'topolab: 1\nname: x\nnodes:\n  - id: a\n   interfaces: [\n');
    const result = await topolab(['up', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/:\d+:\d+ error \[yaml-syntax\]/);
    expect(result.stderr).not.toMatch(/at .*\.(ts|js|mjs):\d+/); // no stack trace
    await expectNothingCreated();
  });

  it('a subnet clashing with an existing engine network', async () => {
    await docker('network', 'create', '--subnet', '10.93.0.0/16', CLASH_NET);
    const file = writeLab(LAB, `topolab: 1\nname: ${LAB}\nnetworks: [{id: n, driver: bridge, subnet: 10.93.4.0/24}]\nnodes: [{id: a, interfaces: [{network: n}]}]\n`);
    const result = await topolab(['up', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('subnet-clash-engine');
    expect(result.stderr).toContain(CLASH_NET);
    expect(result.stderr).toMatch(/:3:\d+ error/);
    await expectNothingCreated();
  });

  it('a missing image', async () => {
    const file = writeLab(LAB, `topolab: 1\nname: ${LAB}\nnetworks: [{id: n, driver: bridge}]\nnodes: [{id: a, image: itest/does-not-exist:1, interfaces: [{network: n}]}]\n`);
    const result = await topolab(['up', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('image-missing');
    expect(result.stderr).toContain('itest/does-not-exist:1');
    expect(result.stderr).toContain('Node a');
    expect(result.stderr).toMatch(/:4:\d+ error \[image-missing\] nodes\[0\]\.image/);
    await expectNothingCreated();
  });

  it('an engine that is down', async () => {
    const file = writeLab(LAB, `topolab: 1\nname: ${LAB}\nnodes: [{id: a}]\n`);
    for (const command of ['up', 'plan', 'status']) {
      const result = await topolab([command, file], { DOCKER_HOST: 'unix:///tmp/topolab-no-engine-here.sock' });
      expect(result.code, command).toBe(1);
      expect(result.stderr.trim().split('\n'), command).toHaveLength(1);
      expect(result.stderr).toContain('Cannot reach the Docker engine');
    }
    await expectNothingCreated();
  });

  it('usage errors exit 2', async () => {
    expect((await topolab(['frobnicate'])).code).toBe(2);
    expect((await topolab(['down'])).code).toBe(2);
    expect((await topolab(['up'])).code).toBe(2);
  });

  it('a file that does not exist', async () => {
    const result = await topolab(['validate', '/tmp/topolab-no-such-file.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Cannot read lab file /tmp/topolab-no-such-file.yaml: there is no such file.');
  });
});
