// A virtual host's nested engine puts its containers' cgroups under its own parent
// (see nestedCgroupParent) in the machine's cgroup tree, which the host container
// shares (--cgroupns host). Killing the host ends those processes but leaves the empty
// cgroup directories behind; this removes them, deepest first, for the given hosts only.
import type Dockerode from 'dockerode';
import { runHelper, shellQuote } from '../docker/exec';
import { nestedCgroupParent } from './virtual-host';

/** Removes the (empty) nested cgroup trees of these virtual hosts; returns how many directories went. */
export async function removeNestedCgroups(docker: Dockerode, lab: string, hostIds: string[]): Promise<number> {
  if (hostIds.length === 0) return 0;
  const parents = hostIds.map((id) => shellQuote(nestedCgroupParent(lab, id).replace(/^\//, ''))).join(' ');
  // Every controller hierarchy (cgroup v1) or the single tree (v2) may hold one.
  const script = [
    'n=0',
    `for p in ${parents}; do`,
    '  for d in /sys/fs/cgroup/"$p" /sys/fs/cgroup/*/"$p"; do',
    '    [ -d "$d" ] || continue',
    '    for sub in $(find "$d" -depth -type d); do rmdir "$sub" 2>/dev/null && n=$((n+1)); done',
    '  done',
    'done',
    'echo "$n"',
  ].join('\n');
  const result = await runHelper(docker, { lab, cmd: ['sh', '-c', script], networkMode: 'none', binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'] });
  if (result.exitCode !== 0) throw new Error(`removing the cgroups of virtual hosts ${hostIds.join(', ')}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`);
  return Number(result.stdout.trim()) || 0;
}
