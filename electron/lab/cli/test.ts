// `topolab test`: deploy the lab (or use it as it runs) and check its expectations for
// real; a table of pass/fail, exit 1 when any fails, --json for graders' scripts.
import type Dockerode from 'dockerode';
import { checkExpectations } from '../expect-service';
import { hasErrors } from '../model/diagnostics';
import { applyPrepared, prepareUp, readLabFile } from '../lab-service';
import { CliExit, EXIT_LAB_ERROR } from './exit';
import { color, consolePrinter as p, printDiagnostics } from './output';

export async function runTest(docker: Dockerode, file: string, opts: { json?: boolean; up?: boolean }): Promise<void> {
  const prepared = await prepareUp(docker, await readLabFile(file));
  if (!('plan' in prepared) || hasErrors(prepared.diagnostics)) {
    if (opts.json) p.out(JSON.stringify({ file, ok: false, diagnostics: prepared.diagnostics }, null, 2));
    else printDiagnostics(p, prepared.diagnostics, file);
    throw new CliExit(EXIT_LAB_ERROR);
  }
  const { document, plan } = prepared;
  if ((document.expectations ?? []).length === 0) {
    if (opts.json) p.out(JSON.stringify({ file, lab: document.name, ok: true, results: [] }, null, 2));
    else p.out(`Lab ${document.name} has no expectations to check (add an \`expectations:\` list).`);
    return;
  }
  // --no-up: check the lab as it runs, even if the file says otherwise
  if (opts.up !== false && plan.operations.length > 0) {
    if (!opts.json) p.err(color.dim(`deploying lab ${document.name} (${plan.operations.length} operations)…`));
    const applied = await applyPrepared(docker, prepared);
    if (!applied.ok) {
      for (const f of applied.failed) p.err(color.red(`Failed: ${f.message}`));
      throw new CliExit(EXIT_LAB_ERROR);
    }
  }
  const results = await checkExpectations(docker, document, opts.json ? undefined : (r) => {
    const mark = r.outcome === 'pass' ? color.green('PASS') : color.red('FAIL');
    p.out(`${mark}  ${r.text}`);
    p.out(color.dim(`      ${r.detail}`));
  });
  const failed = results.filter((r) => r.outcome === 'fail').length;
  if (opts.json) p.out(JSON.stringify({ file, lab: document.name, ok: failed === 0, results }, null, 2));
  else p.out((failed ? color.red : color.green)(`${results.length - failed} of ${results.length} expectations hold.`));
  if (failed) process.exitCode = EXIT_LAB_ERROR;
}
