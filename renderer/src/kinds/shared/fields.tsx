// Property panel fields. Each keeps a draft while focused, commits as the person
// types (one undo step per field, coalesced), and shows the validation messages for
// its path under it.
import { useEffect, useState, type ReactNode } from 'react';
import type { Diagnostic } from '../../../../electron/lab/model/diagnostics';
import { Prose } from '../../ui/Prose';

/** Returns a message when the text cannot be committed (kept local, shown inline). */
export type Commit = (text: string) => string | void;

export function Messages({ diagnostics, local }: { diagnostics?: readonly Diagnostic[]; local?: string }) {
  if (!local && !diagnostics?.length) return null;
  return (
    <ul className="field-messages">
      {local && <li className="sev-error">{local}</li>}
      {diagnostics?.map((d, i) => (
        <li key={i} className={`sev-${d.severity}`} title={d.hint}><Prose text={d.message} /></li>
      ))}
    </ul>
  );
}

interface TextProps {
  name: string;
  label: string;
  value: string;
  onCommit: Commit;
  placeholder?: string;
  diagnostics?: readonly Diagnostic[];
  /** Commit on blur/Enter only (ids: renaming on every key would be odd). */
  onBlurOnly?: boolean;
  multiline?: boolean;
  help?: string;
  /** Marks the input invalid when its messages are shown elsewhere. */
  invalid?: boolean;
}

export function TextField({ name, label, value, onCommit, placeholder, diagnostics, onBlurOnly, multiline, help, invalid }: TextProps) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  const [local, setLocal] = useState<string>();
  useEffect(() => {
    if (!focused) setDraft(value);
  }, [value, focused]);
  const commit = (text: string) => setLocal(onCommit(text) ?? undefined);
  const common = {
    id: `field-${name}`,
    'data-testid': `field-${name}`,
    value: draft,
    placeholder,
    spellCheck: false,
    className: invalid || diagnostics?.some((d) => d.severity === 'error') || local ? 'invalid' : undefined,
    onFocus: () => setFocused(true),
    onBlur: () => { setFocused(false); if (onBlurOnly && draft !== value) commit(draft); },
    onChange: (e: { target: { value: string } }) => { setDraft(e.target.value); if (!onBlurOnly) commit(e.target.value); },
  };
  return (
    <div className="field">
      <label htmlFor={`field-${name}`}>{label}</label>
      {multiline
        ? <textarea {...common} rows={Math.max(2, draft.split('\n').length)} />
        : <input {...common} onKeyDown={(e) => { if (e.key === 'Enter' && onBlurOnly) (e.target as HTMLInputElement).blur(); if (e.key === 'Escape') { setDraft(value); setLocal(undefined); } }} />}
      {help && <div className="field-help">{help}</div>}
      <Messages diagnostics={diagnostics} local={local} />
    </div>
  );
}

interface CheckProps {
  name: string;
  label: string;
  value: boolean | undefined;
  onChange: (value: boolean | undefined) => void;
  diagnostics?: readonly Diagnostic[];
  help?: string;
}

export function CheckField({ name, label, value, onChange, diagnostics, help }: CheckProps) {
  return (
    <div className="field field-check">
      <label>
        <input type="checkbox" data-testid={`field-${name}`} checked={value === true} onChange={(e) => onChange(e.target.checked ? true : undefined)} />
        {label}
      </label>
      {help && <div className="field-help">{help}</div>}
      <Messages diagnostics={diagnostics} />
    </div>
  );
}

interface SelectProps {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
  diagnostics?: readonly Diagnostic[];
  /** Label of the empty choice; no empty choice when undefined. */
  empty?: string;
}

export function SelectField({ name, label, value, options, onChange, diagnostics, empty }: SelectProps) {
  return (
    <div className="field">
      <label htmlFor={`field-${name}`}>{label}</label>
      <select id={`field-${name}`} data-testid={`field-${name}`} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <Messages diagnostics={diagnostics} />
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="panel-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
