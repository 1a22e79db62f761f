// Shared by the validation tests: run a small lab text through parse + validate, so
// every diagnostic's path also maps to a real line:column.
import { expect } from 'vitest';
import type { Diagnostic } from './diagnostics';
import { parseLab, withPositions } from './parse';
import { validateLab, type ValidationFacts } from './validate';

export function check(body: string, facts?: ValidationFacts, name = 't'): Diagnostic[] {
  const parsed = parseLab(`topolab: 1\nname: ${name}\n${body}`);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return withPositions(validateLab(parsed.document, facts), parsed.positionOf);
}

/** The one diagnostic with this code (fails the test when there are none or several). */
export function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found, JSON.stringify(diagnostics, null, 1)).toHaveLength(1);
  return found[0];
}

export const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);
