import { useState } from 'react';
import type { TraceProtocol } from '../../../electron/lab/trace/types';
import { labStore, useLab } from '../store';
import { runTrace } from './run-trace';
import { HOST_PLACE } from './stations';
import { defaultEnds, isIpv4, traceBlocker, type TraceForm as Form } from './trace-request';

/** The select's value for "type an address instead". */
const TYPED = '__address';

const PHASE_TEXT = {
  starting: 'Asking the engine…',
  sidecars: 'Starting capture sidecars…',
  listening: 'Listening on every interface…',
  probing: 'Sending the packet…',
  collecting: 'Collecting what each capture saw…',
} as const;

/** From, To, protocol and port, and the Trace button (off, with the reason, when it cannot run). */
export function TraceForm() {
  const s = useLab((st) => ({
    nodes: (st.document?.nodes ?? []).map((n) => n.id).join('\n'),
    last: st.trace, phase: st.tracePhase, error: st.traceError,
  }));
  const nodes = s.nodes ? s.nodes.split('\n') : [];
  const [form, setForm] = useState<Form>(() => ({
    // the last trace's question, else a guess at the usual one
    ...(s.last ? { from: s.last.from, to: s.last.to } : defaultEnds(labStore.getState().document)),
    protocol: s.last?.protocol ?? 'icmp',
    port: s.last?.port ? String(s.last.port) : '80',
  }));
  const [typing, setTyping] = useState(() => isIpv4(form.to));
  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  // A string from the store: the form re-renders when the reason changes, not on every event.
  const blocker = useLab((st) => traceBlocker(st, form));
  const run = () => { if (!traceBlocker(labStore.getState(), form)) void runTrace(form); };

  return (
    <form className="trace-form" onSubmit={(e) => { e.preventDefault(); run(); }}>
      <div className="trace-fields">
        <label className="field">
          <span>From</span>
          <select data-testid="trace-from" value={form.from} onChange={(e) => update({ from: e.target.value })}>
            {!nodes.includes(form.from) && form.from !== HOST_PLACE && <option value={form.from}>{form.from} (missing)</option>}
            {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
            <option value={HOST_PLACE}>host (the engine)</option>
          </select>
        </label>
        <label className="field">
          <span>To</span>
          <select data-testid="trace-to" value={typing ? TYPED : form.to} onChange={(e) => {
            const typed = e.target.value === TYPED;
            setTyping(typed);
            update({ to: typed ? '' : e.target.value });
          }}>
            {!typing && form.to && !nodes.includes(form.to) && <option value={form.to}>{form.to} (missing)</option>}
            {!typing && !form.to && <option value="">(pick one)</option>}
            {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
            <option value={TYPED}>IPv4 address…</option>
          </select>
        </label>
        {typing && (
          <label className="field span-2">
            <span>Address</span>
            <input data-testid="trace-to-ip" value={form.to} placeholder="10.0.2.10" autoFocus spellCheck={false} onChange={(e) => update({ to: e.target.value })} />
          </label>
        )}
      </div>
      <div className="trace-run-row">
        <label className="field protocol">
          <span>Protocol</span>
          <select data-testid="trace-protocol" value={form.protocol} onChange={(e) => update({ protocol: e.target.value as TraceProtocol })}>
            <option value="icmp">ICMP (ping)</option>
            <option value="tcp">TCP (connect)</option>
            <option value="udp">UDP</option>
          </select>
        </label>
        {form.protocol !== 'icmp' && (
          <label className="field port">
            <span>Port</span>
            <input data-testid="trace-port" inputMode="numeric" value={form.port} onChange={(e) => update({ port: e.target.value })} />
          </label>
        )}
        <span className="trace-run" title={blocker}>
          <button type="submit" className="primary" data-testid="trace-run" disabled={!!blocker} title={blocker ?? 'Send one real packet and watch every hop'}>Trace</button>
        </span>
      </div>
      {s.phase && <p className="trace-phase" role="status" data-testid="trace-phase" data-phase={s.phase}><span className="spinner" aria-hidden />{PHASE_TEXT[s.phase]}</p>}
      {!s.phase && blocker && <p className="trace-blocker" data-testid="trace-blocker">{blocker}</p>}
      {s.error && !s.phase && <p className="trace-error sev-error" role="alert" data-testid="trace-error">{s.error}</p>}
    </form>
  );
}
