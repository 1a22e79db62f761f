// Run checks: the lab's expectations checked for real by the engine, deploying first.
// Rows arrive as `expectationResult` events (ui/engine.ts routes them to the store);
// the outcome at the end fills in anything missed and says why nothing could be checked.
import { errorMessage, labApi } from '../api/client';
import { labStore } from '../store';
import { watchLab } from '../ui/engine';
import { expectationsKey } from './progress';

export async function runChecks(): Promise<void> {
  const { document, text } = labStore.getState();
  if (!document) return;
  const seq = labStore.getState().startChecks(document.name, expectationsKey(document.expectations));
  if (seq === undefined) return;
  // The deploy's progress comes as deployProgress events: start from an empty list, as the Deploy dialog does.
  labStore.setState({ deploy: undefined });
  try {
    const outcome = await labApi().labTest({ text, deploy: true });
    labStore.getState().finishChecks(seq, outcome);
  } catch (e) {
    labStore.getState().failChecks(seq, errorMessage(e));
  }
  // The run deployed the lab: the canvas shows its nodes' state from now on, as after Deploy.
  if (labStore.getState().document?.name === document.name) await watchLab().catch(() => undefined);
}
