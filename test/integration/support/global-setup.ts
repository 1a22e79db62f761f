// Integration tests drive the real CLI: make sure its bundle matches the source.
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script, no types.
  await import('../../../scripts/build-cli.mjs');
}
