// Engine and validation messages quote names and values in `backticks` (they read well
// on a terminal too); in the window those become code spans instead of raw backticks.
import { Fragment } from 'react';

/** Splits text on backtick pairs: odd parts are code. An unpaired backtick stays as is. */
export function proseParts(text: string): { code: boolean; text: string }[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [{ code: false, text }];
  return parts.map((part, i) => ({ code: i % 2 === 1, text: part })).filter((p) => p.text !== '');
}

export function Prose({ text }: { text: string }) {
  return (
    <>
      {proseParts(text).map((p, i) => (p.code ? <code key={i}>{p.text}</code> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}
