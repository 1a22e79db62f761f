import { useCallback, useEffect, useState } from 'react';
import type { DeployOutcome, PlanOutcome } from '../../../electron/lab/api';
import { errorMessage, labApi } from '../api/client';
import { labStore, useLab } from '../store';
import { changeRow, hostOperations, operationRow, OPERATION_ICON } from './deploy-view';
import { Dialog } from './Dialog';
import { watchLab } from './engine';

type Phase = 'planning' | 'preview' | 'deploying' | 'finished' | 'error';

/** Deploy: plan preview (create / replace / remove) → confirm → per-object progress. */
export function DeployDialog({ onClose }: { onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>('planning');
  const [plan, setPlan] = useState<PlanOutcome>();
  const [result, setResult] = useState<DeployOutcome>();
  const [error, setError] = useState<string>();
  const { deploy, document } = useLab((s) => ({ deploy: s.deploy, document: s.document }));

  useEffect(() => {
    let live = true;
    labApi().labPlan({ text: labStore.getState().text })
      .then((p) => { if (live) { setPlan(p); setPhase('preview'); } })
      .catch((e) => { if (live) { setError(errorMessage(e)); setPhase('error'); } });
    return () => { live = false; };
  }, []);

  const confirm = useCallback(async () => {
    setPhase('deploying');
    labStore.setState({ deploy: { phase: 'running', items: [], counts: { total: plan?.plan?.operations.length ?? 0, done: 0, failed: 0, running: 0 } } });
    try {
      const out = await labApi().labDeploy({ text: labStore.getState().text });
      setResult(out);
      setPhase('finished');
      await watchLab().catch(() => undefined);
    } catch (e) {
      setError(errorMessage(e));
      setPhase('error');
    }
  }, [plan]);

  const errors = plan?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  const changes = plan?.plan?.changes ?? [];
  const hostOps = hostOperations(plan?.plan?.operations ?? []);
  const canConfirm = phase === 'preview' && errors.length === 0 && !!plan?.plan;
  return (
    <Dialog title="Deploy" onClose={onClose} testId="plan-preview" wide
      footer={<>
        <button type="button" className="secondary" onClick={onClose} data-testid="plan-close">{phase === 'finished' || phase === 'error' ? 'Close' : 'Cancel'}</button>
        {phase !== 'finished' && <button type="button" className="primary" data-testid="plan-confirm" disabled={!canConfirm} onClick={confirm}>{changes.length ? `Apply ${changes.length} change${changes.length > 1 ? 's' : ''}` : 'Apply'}</button>}
      </>}>
      {phase === 'planning' && <p className="panel-note">Asking the engine what would change…</p>}
      {error && <p className="sev-error" data-testid="deploy-error">{error}</p>}
      {plan && (
        <>
          {errors.length > 0 && <p className="sev-error">The lab cannot be deployed until these are fixed:</p>}
          <ul className="plan-diags">
            {plan.diagnostics.map((d, i) => <li key={i} className={`sev-${d.severity}`} title={d.hint}>{d.message}</li>)}
          </ul>
          {plan.plan && changes.length === 0 && <p className="panel-note ok" data-testid="plan-nothing">Nothing to change: the engine already has this lab.</p>}
          {hostOps.length > 0 && (
            <div className="plan-hosts" data-testid="plan-hosts">
              <h3>Virtual hosts</h3>
              <ul>
                {hostOps.map((op) => (
                  <li key={op.key} data-testid={`plan-host-op-${op.key}`}><span className="op-icon" aria-hidden>{OPERATION_ICON[op.kind]}</span>{op.host && <span className="op-host">{op.host}</span>}{op.text}</li>
                ))}
              </ul>
            </div>
          )}
          <ul className="plan-changes">
            {changes.map((c, i) => {
              const row = changeRow(c, document);
              return (
                <li key={i} className={`change change-${c.action} subject-${c.subject.kind}`} data-testid={`change-${c.subject.kind}-${c.subject.id}`} data-action={c.action}>
                  <span className="change-action">{c.action}</span>
                  <span className="change-subject"><span className="op-icon" aria-hidden>{row.icon}</span>{c.subject.kind} <strong>{c.subject.id}</strong></span>
                  <span className="change-reason">{row.host && <span className="op-host" title={`on virtual host ${row.host}`}>{row.host}</span>}{row.reason}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {(phase === 'deploying' || phase === 'finished') && deploy && (
        <div className="progress" data-testid="deploy-progress" data-phase={result ? (result.ok ? 'ok' : 'failed') : deploy.phase}>
          <div className="progress-bar"><div style={{ width: `${deploy.counts.total ? (100 * deploy.counts.done) / deploy.counts.total : 0}%` }} /></div>
          <p className="panel-note">{deploy.counts.done} of {deploy.counts.total} done{deploy.counts.failed ? `, ${deploy.counts.failed} failed` : ''}</p>
          <ul className="progress-items">
            {deploy.items.map((item) => {
              const row = operationRow(item.key, item.label);
              return (
                <li key={item.key} className={`op op-${item.status}`} title={item.message} data-testid={`op-${item.key}`} data-status={item.status}>
                  <span className="op-dot" /><span className="op-icon" aria-hidden>{row.icon}</span>
                  <span>{row.host && <span className="op-host" title={`on virtual host ${row.host}`}>{row.host}</span>}</span>
                  <span className="op-text">{row.text}{item.message && item.status === 'failed' && <span className="op-msg"> — {item.message}</span>}</span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {result && (
        <p className={result.ok ? 'ok' : 'sev-error'} data-testid="deploy-result">
          {result.ok ? 'Deployed.' : `Deploy failed: ${result.failed.map((f) => f.message).join('; ')}`}
        </p>
      )}
    </Dialog>
  );
}
