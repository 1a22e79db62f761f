// The engine side of the browser e2e specs: the plain docker CLI (independent of
// topolab's own adapter) and cleanup by label, whatever the test did.
import { execFileSync } from 'node:child_process';

export const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

/** Removes every container (nodes, helpers, sidecars) and network labelled with the lab. */
export function cleanupLab(lab: string): void {
  const ids = docker('ps', '-aq', '--filter', `label=io.topolab.lab=${lab}`);
  if (ids) docker('rm', '-f', ...ids.split('\n'));
  const nets = docker('network', 'ls', '-q', '--filter', `label=io.topolab.lab=${lab}`);
  if (nets) docker('network', 'rm', ...nets.split('\n'));
}
