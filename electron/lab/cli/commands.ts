// The CLI commands that talk to the engine. Each one loads the file, asks the lab
// service, and prints for people or (--json) for machines.
import type Dockerode from 'dockerode';
import { hasErrors } from '../model/diagnostics';
import { applyPrepared, checkLabText, downLab, labStatus, prepareUp, readLabFile, type PreparedUp } from '../lab-service';
import type { LabDocument } from '../model/schema';
import { objectName } from '../plan/naming';
import { execIn } from '../docker/exec';
import { engineForNode } from '../hosts/engines';
import { buildImages } from '../docker/images';
import { CliExit, EXIT_LAB_ERROR, usage } from './exit';
import { color, consolePrinter as p, printDiagnostics, printPlan, printStatus, ProgressDisplay } from './output';

async function prepare(docker: Dockerode, file: string, json?: boolean): Promise<PreparedUp> {
  const prepared = await prepareUp(docker, await readLabFile(file));
  if (!('plan' in prepared) || hasErrors(prepared.diagnostics)) {
    if (json) p.out(JSON.stringify({ file, ok: false, diagnostics: prepared.diagnostics }, null, 2));
    else printDiagnostics(p, prepared.diagnostics, file);
    if (!json) p.err(color.red('Nothing was changed.'));
    throw new CliExit(EXIT_LAB_ERROR);
  }
  if (!json) printDiagnostics(p, prepared.diagnostics.filter((d) => d.severity !== 'info'), file);
  return prepared;
}

export async function runPlan(docker: Dockerode, file: string, opts: { json?: boolean }): Promise<void> {
  const { plan, diagnostics } = await prepare(docker, file, opts.json);
  if (opts.json) p.out(JSON.stringify({ ...plan, diagnostics }, null, 2));
  else printPlan(p, plan);
}

export async function runUp(docker: Dockerode, file: string, opts: { json?: boolean; concurrency?: number }): Promise<void> {
  // Ctrl-C while reading the engine and planning: nothing has been changed yet, say so.
  const beforeApply = () => {
    p.err(color.yellow('\nStopped before changing anything.'));
    process.exit(EXIT_LAB_ERROR);
  };
  process.on('SIGINT', beforeApply);
  let prepared: PreparedUp;
  try {
    prepared = await prepare(docker, file, opts.json);
  } finally {
    process.off('SIGINT', beforeApply);
  }
  const { plan } = prepared;
  if (plan.operations.length === 0) {
    if (opts.json) p.out(JSON.stringify({ type: 'result', ok: true, changed: 0 }));
    else p.out(color.green(`Lab ${plan.lab} is up to date: nothing to do.`));
    return;
  }
  if (!opts.json) printPlan(p, plan);

  // Ctrl-C stops scheduling; running operations finish so nothing is left half-made
  // and unlabelled. A second Ctrl-C exits at once (objects made so far are labelled).
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    p.err(color.yellow('\nStopping after the running operations… (Ctrl-C again to quit now)'));
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const progress = new ProgressDisplay(p, plan.operations);
  const startedAt = new Map<string, number>();
  const t0 = performance.now();
  try {
    const result = await applyPrepared(docker, prepared, {
      concurrency: opts.concurrency,
      signal: controller.signal,
      onEvent: (event) => {
        if (opts.json) {
          p.out(JSON.stringify(event));
          return;
        }
        if (!('key' in event) || !event.key) return;
        if (event.type === 'started') {
          startedAt.set(event.key, performance.now());
          progress.started(event.key, event.counts.done, event.counts.total);
        } else if (event.type === 'finished') {
          progress.finished(event.key, event.counts.done, event.counts.total, (performance.now() - (startedAt.get(event.key) ?? t0)) / 1000);
        } else if (event.type === 'failed') {
          progress.failed(event.key, event.message ?? 'failed');
        }
      },
    });
    progress.end();
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (opts.json) {
      p.out(JSON.stringify({ type: 'result', ...result, seconds: Number(seconds) }));
    } else if (result.ok) {
      p.out(color.green(`Lab ${plan.lab} is up: ${plan.operations.length} operations in ${seconds} s.`) + ` See it with \`topolab status ${file}\`.`);
    } else {
      reportIncomplete(plan.lab, file, result, controller.signal.aborted);
    }
    if (!result.ok) throw new CliExit(EXIT_LAB_ERROR);
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

function reportIncomplete(lab: string, file: string, result: { failed: { key: string; message: string }[]; completed: string[]; notStarted: string[] }, aborted: boolean): void {
  p.err('');
  if (aborted && result.failed.length === 0) p.err(color.yellow(`Stopped: lab ${lab} is partly built.`));
  for (const f of result.failed) p.err(color.red(`Failed: ${f.message}`));
  p.err(`Done before stopping: ${result.completed.length} operation(s); not started: ${result.notStarted.length}.`);
  p.err(`Everything made so far carries the lab's labels: \`topolab up ${file}\` resumes, \`topolab down ${file}\` removes it all.`);
}

export async function runStatus(docker: Dockerode, file: string, opts: { json?: boolean }): Promise<void> {
  const status = await labStatus(docker, await loadDocument(file));
  if (opts.json) p.out(JSON.stringify(status, null, 2));
  else printStatus(p, status);
}

export async function runExec(docker: Dockerode, file: string, node: string, command: string[]): Promise<void> {
  const doc = await loadDocument(file);
  if (!(doc.nodes ?? []).some((n) => n.id === node)) usage(`lab ${doc.name} has no node "${node}"; nodes: ${(doc.nodes ?? []).map((n) => n.id).join(', ')}.`);
  const result = await execIn(engineForNode(docker, doc, node), objectName(doc.name, node), command);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

export async function runDown(docker: Dockerode, file: string | undefined, opts: { lab?: string; json?: boolean }): Promise<void> {
  const document = file ? await loadDocument(file) : undefined;
  const lab = opts.lab ?? document!.name;
  // remote hosts are known only from the file (and only when it is this lab's)
  const removed = await downLab(docker, lab, document?.name === lab ? document : undefined);
  const unreachable = removed.remote.filter((r) => r.unreachable);
  if (opts.json) {
    p.out(JSON.stringify({ lab, ...removed, ...(document ? {} : { remoteHostsCleaned: false }) }, null, 2));
    if (unreachable.length) throw new CliExit(EXIT_LAB_ERROR);
    return;
  }
  const counts = (r: { removedContainers: string[]; removedNetworks: string[]; removedVeths: string[] }) =>
    `${r.removedContainers.length} container(s), ${r.removedNetworks.length} network(s), ${r.removedVeths.length} veth(s)`;
  const total = removed.removedContainers.length + removed.removedNetworks.length + removed.removedVeths.length;
  if (total === 0) p.out(`Lab ${lab} has nothing on this engine.`);
  else p.out(color.green(`Lab ${lab} removed: ${counts(removed)}.`));
  for (const r of removed.remote) {
    if (r.removed) {
      const count = r.removed.removedContainers.length + r.removed.removedNetworks.length + r.removed.removedVeths.length;
      p.out(count ? color.green(`On remote host ${r.host} (${r.where}): removed ${counts(r.removed)}.`) : `Remote host ${r.host} (${r.where}) has nothing of lab ${lab}.`);
      for (const f of r.removed.failed) p.err(color.red(`On remote host ${r.host}: ${f.message}`));
    } else {
      p.err(color.red(`${r.unreachable} Its objects of lab ${lab} are still there: run \`topolab down ${file}\` again once it answers.`));
    }
  }
  if (!document) p.out(color.dim(`Only this engine (and its virtual hosts) was cleaned: remote hosts are known only from the lab file, so they are cleaned only by \`topolab down <file>\`.`));
  if (unreachable.length) throw new CliExit(EXIT_LAB_ERROR);
}

export async function runImagesBuild(docker: Dockerode, opts: { only?: string; method: string; force?: boolean; json?: boolean }): Promise<void> {
  const names: Record<string, string> = { node: 'topolab/node', host: 'topolab/host', 'topolab/node': 'topolab/node', 'topolab/host': 'topolab/host' };
  if (opts.only && !names[opts.only]) usage(`--only takes node or host, not "${opts.only}".`);
  if (!['auto', 'debootstrap', 'dockerfile'].includes(opts.method)) usage(`--method takes auto, debootstrap or dockerfile, not "${opts.method}".`);
  const results = await buildImages(docker, {
    images: opts.only ? [names[opts.only]] : undefined,
    method: opts.method as 'auto' | 'debootstrap' | 'dockerfile',
    force: opts.force,
    onProgress: opts.json ? undefined : (e) => p.out(color.dim(`  ${e.image}: ${e.step}${e.detail ? ` ${e.detail}` : ''}`)),
  });
  if (opts.json) p.out(JSON.stringify(results, null, 2));
  else for (const r of results) p.out(`${r.image}: ${r.result === 'built' ? color.green(`built in ${r.seconds.toFixed(1)} s`) : 'up to date'}`);
}

async function loadDocument(file: string): Promise<LabDocument> {
  const checked = checkLabText(await readLabFile(file));
  if (!checked.document) {
    printDiagnostics(p, checked.diagnostics, file);
    throw new CliExit(EXIT_LAB_ERROR);
  }
  return checked.document;
}
