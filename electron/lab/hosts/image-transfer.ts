// Images reach a virtual host with no registry: the outer engine saves them (a tar
// stream) and the nested engine loads that same stream, once per host; an image the
// host already has (same id) is skipped.
import type Dockerode from 'dockerode';
import { engineMessage } from '../docker/errors';

export type ImageTransferEvent =
  | { type: 'present'; image: string }
  | { type: 'copying'; image: string; bytes: number }
  | { type: 'copied'; image: string; bytes: number; ms: number };

async function imageId(docker: Dockerode, image: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch {
    return undefined;
  }
}

/** The nested engine's answer to a load is a JSON message stream; an error in it is a failure. */
async function readLoadAnswer(answer: NodeJS.ReadableStream): Promise<void> {
  let text = '';
  for await (const chunk of answer as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const message = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
      if (message.error) throw new Error(message.errorDetail?.message || message.error);
    } catch (err) {
      if (err instanceof SyntaxError) continue;
      throw err;
    }
  }
}

/** Copies each image from the outer engine to the nested one unless it is there already. */
export async function ensureImagesOnHost(
  outer: Dockerode,
  nested: Dockerode,
  images: string[],
  onEvent: (event: ImageTransferEvent) => void = () => undefined,
): Promise<void> {
  for (const image of [...new Set(images)]) {
    const wanted = await imageId(outer, image);
    if (!wanted) throw new Error(`image ${image} is not on the outer engine, so it cannot be copied to a virtual host (build it with \`topolab images build\`)`);
    if ((await imageId(nested, image)) === wanted) {
      onEvent({ type: 'present', image });
      continue;
    }
    const started = Date.now();
    let bytes = 0;
    const tar = (await outer.getImage(image).get()) as NodeJS.ReadableStream;
    tar.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      onEvent({ type: 'copying', image, bytes });
    });
    try {
      await readLoadAnswer((await nested.loadImage(tar, { quiet: true })) as NodeJS.ReadableStream);
    } catch (err) {
      throw new Error(`copying image ${image} to a virtual host: ${engineMessage(err)}`, { cause: err });
    }
    onEvent({ type: 'copied', image, bytes, ms: Date.now() - started });
  }
}
