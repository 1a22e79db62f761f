import { describe, expect, it } from 'vitest';
import { proseParts } from './Prose';

describe('proseParts', () => {
  it('turns backtick pairs into code parts', () => {
    expect(proseParts('run `topolab up lab.yaml` first')).toEqual([
      { code: false, text: 'run ' }, { code: true, text: 'topolab up lab.yaml' }, { code: false, text: ' first' },
    ]);
  });
  it('leaves text with an unpaired backtick alone', () => {
    expect(proseParts("it's a ` sign")).toEqual([{ code: false, text: "it's a ` sign" }]);
  });
  it('handles text that starts with code', () => {
    expect(proseParts('`lan1` overlaps')).toEqual([{ code: true, text: 'lan1' }, { code: false, text: ' overlaps' }]);
  });
});
