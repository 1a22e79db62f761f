// Lab images against the real engine: built (or already up to date), labelled with
// their content hash, skipped when unchanged, and carrying the tools labs rely on.
// No timed assertions (DESIGN.md: timings belong in bench/).
import Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImages, contentHash, LAB_IMAGES, LABEL_IMAGE, LABEL_IMAGE_CONTENT, missingImages, type BuildResult } from '../../electron/lab/docker/images';

const LAB = 'test-images';
const labels = { 'io.topolab.lab': LAB };
const docker = new Dockerode();

/** Every container this file made, found by label so that a crashed run is cleaned too. */
async function removeLabContainers(): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`io.topolab.lab=${LAB}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

/** Runs a command in a running container; resolves with its exit code and output. */
async function exec(container: Dockerode.Container, cmd: string[]): Promise<{ code: number; out: string }> {
  const run = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await run.start({ hijack: true, stdin: false });
  let out = '';
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => (out += chunk.toString()));
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const info = await run.inspect();
  return { code: info.ExitCode ?? -1, out };
}

let first: BuildResult[];

beforeAll(async () => {
  await removeLabContainers();
  // Usually already up to date (.ci/run builds them first); building from scratch
  // takes a few minutes, hence the long timeout.
  first = await buildImages(docker);
}, 30 * 60_000);

afterAll(async () => {
  await removeLabContainers();
});

describe('lab images', () => {
  it('builds or finds every lab image', () => {
    expect(first.map((r) => r.image).sort()).toEqual(LAB_IMAGES.map((i) => i.name).sort());
    for (const r of first) expect(['built', 'up-to-date']).toContain(r.result);
  });

  it('labels each image with the content hash of its recipe', async () => {
    for (const image of LAB_IMAGES) {
      const info = await docker.getImage(`${image.name}:latest`).inspect();
      expect(info.Config.Labels?.[LABEL_IMAGE_CONTENT]).toBe(contentHash(image));
      expect(info.Config.Labels?.[LABEL_IMAGE]).toBe(image.name);
    }
  });

  it('skips an unchanged image on the second build', async () => {
    const steps: string[] = [];
    const again = await buildImages(docker, { onProgress: (e) => steps.push(`${e.image} ${e.step}`) });
    expect(again.map((r) => r.result)).toEqual(LAB_IMAGES.map(() => 'up-to-date'));
    expect(steps.filter((s) => /debootstrap|import|build/.test(s))).toEqual([]);
  });

  it('reports missing images, treating a bare name as :latest', async () => {
    const bogus = `topolab-test/no-such-image-${process.pid}`;
    const missing = await missingImages(docker, ['topolab/node', 'topolab/host:latest', bogus, `${bogus}:v9`]);
    expect(missing).toEqual([bogus, `${bogus}:v9`]);
  });

  it('topolab/node has the lab tools and stops promptly on SIGTERM', async () => {
    const container = await docker.createContainer({ Image: 'topolab/node', Labels: labels, HostConfig: { NetworkMode: 'none' } });
    await container.start();
    const tools = ['ip', 'ping', 'tcpdump', 'iptables', 'nft', 'curl', 'nc', 'dig', 'traceroute', 'ethtool', 'socat', 'ps', 'brctl'];
    const check = await exec(container, ['sh', '-c', `for t in ${tools.join(' ')}; do command -v "$t" >/dev/null || echo "missing $t"; done`]);
    expect(check.out.trim()).toBe('');
    expect(check.code).toBe(0);

    const versions = await exec(container, ['sh', '-c', 'ip -V && tcpdump --version && ping -V']);
    expect(versions.code).toBe(0);
    expect(versions.out).toMatch(/iproute2/);
    expect(versions.out).toMatch(/tcpdump version/);
    expect(versions.out).toMatch(/iputils/);

    // The default CMD traps TERM: a clean exit 0, not 137 from the SIGKILL after the grace period.
    await container.stop({ t: 30 });
    const state = (await container.inspect()).State;
    expect(state.ExitCode).toBe(0);
  });

  it('topolab/host has a Docker engine', async () => {
    const container = await docker.createContainer({ Image: 'topolab/host', Cmd: ['dockerd', '--version'], Labels: labels, HostConfig: { NetworkMode: 'none' } });
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true })).toString();
    expect(result.StatusCode).toBe(0);
    expect(logs).toMatch(/Docker version \d+\./);
  });
});
