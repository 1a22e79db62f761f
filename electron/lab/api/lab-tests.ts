// labTest: a lab's expectations checked for real, as `topolab test` does; deploying
// first (with the usual progress events) when asked, each row sent as it is decided.
import type { LabApiRequest, TestOutcome } from '../api';
import { checkExpectations } from '../expect-service';
import { checkLabText } from '../lab-service';
import { hasErrors } from '../model/diagnostics';
import type { Deploys } from './deploys';
import type { WithDocker } from './engine-connection';
import type { Emit } from './events';
import { LabApiFailure } from './failure';

export function createLabTests(withDocker: WithDocker, emit: Emit, deploys: Deploys): { test(request: LabApiRequest<'labTest'>): Promise<TestOutcome> } {
  const running = new Set<string>();

  async function test({ text, deploy }: LabApiRequest<'labTest'>): Promise<TestOutcome> {
    const checked = checkLabText(text);
    const lab = checked.document?.name ?? '';
    if (!checked.document || hasErrors(checked.diagnostics)) return { lab, ok: false, results: [], diagnostics: checked.diagnostics };
    if (running.has(lab)) throw new LabApiFailure('busy', `The expectations of lab ${lab} are being checked already; wait for that run.`);
    running.add(lab);
    try {
      if (deploy) {
        const deployed = await deploys.deploy(text);
        if (!deployed.ok) return { lab, ok: false, results: [], diagnostics: deployed.diagnostics };
      }
      const document = checked.document;
      const results = await withDocker((docker) => checkExpectations(docker, document, (r) => emit('expectationResult', { lab, ...r })));
      return { lab, ok: results.every((r) => r.outcome === 'pass'), results, diagnostics: [] };
    } finally {
      running.delete(lab);
    }
  }

  return { test };
}
