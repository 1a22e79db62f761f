import { describe, expect, it } from 'vitest';
import { ConsoleRouter, type ConsoleSink } from './output-router';

function recorder(): ConsoleSink & { out: string[]; exits: (number | undefined)[] } {
  const out: string[] = [];
  const exits: (number | undefined)[] = [];
  return { out, exits, output: (d) => out.push(d), exit: (c) => exits.push(c) };
}

describe('console output router', () => {
  it('sends output and exit to the attached terminal only', () => {
    const router = new ConsoleRouter();
    const a = recorder();
    const b = recorder();
    router.attach('a', a);
    router.attach('b', b);
    router.output('a', 'hello ');
    router.output('b', 'other');
    router.output('a', 'world');
    router.exit('a', 0);
    expect(a.out).toEqual(['hello ', 'world']);
    expect(a.exits).toEqual([0]);
    expect(b.out).toEqual(['other']);
  });

  it('holds what arrives before the terminal knows its id (the prompt), then hands it over', () => {
    const router = new ConsoleRouter();
    router.output('early', 'root@a:/# ');
    router.output('early', '\r\n');
    const sink = recorder();
    router.attach('early', sink);
    expect(sink.out).toEqual(['root@a:/# \r\n']);
    expect(router.heldIds()).toEqual([]);
  });

  it('an exit that came first is handed over too', () => {
    const router = new ConsoleRouter();
    router.output('x', 'bye');
    router.exit('x', 127);
    const sink = recorder();
    router.attach('x', sink);
    expect(sink.out).toEqual(['bye']);
    expect(sink.exits).toEqual([127]);
  });

  it('forgets held output nobody came for, and after detaching holds again', () => {
    let now = 0;
    const router = new ConsoleRouter(() => now);
    router.output('orphan', 'x');
    now = 20_000;
    router.output('fresh', 'y');
    expect(router.heldIds()).toEqual(['fresh']);
    const sink = recorder();
    const detach = router.attach('fresh', sink);
    detach();
    router.output('fresh', 'late');
    expect(sink.out).toEqual(['y']);
    expect(router.heldIds()).toEqual(['fresh']);
  });
});
