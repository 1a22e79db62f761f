import { describe, expect, it } from 'vitest';
import { IPTABLES } from './inspect.test-support';
import { parseIptablesSave, splitRuleWords } from './parse';

describe('splitRuleWords', () => {
  it('splits on whitespace and keeps a quoted comment as one word', () => {
    expect(splitRuleWords('-p tcp -m comment --comment "ssh -j DROP here" -j LAB')).toEqual(['-p', 'tcp', '-m', 'comment', '--comment', 'ssh -j DROP here', '-j', 'LAB']);
  });

  it('unescapes quotes inside a quoted word and keeps empty quoted words', () => {
    expect(splitRuleWords('--comment "say \\"hi\\"" --comment ""')).toEqual(['--comment', 'say "hi"', '--comment', '']);
  });

  it('returns nothing for blank text', () => {
    expect(splitRuleWords('   ')).toEqual([]);
  });
});

describe('parseIptablesSave', () => {
  const tables = parseIptablesSave(IPTABLES);
  const nat = tables[0];
  const filter = tables[1];

  it('reads the tables in the order printed', () => {
    expect(tables.map((t) => t.name)).toEqual(['nat', 'filter']);
  });

  it('reads chains in declaration order, with policy and counters for built-in chains only', () => {
    expect(filter.chains.map((c) => [c.name, c.policy, c.packets, c.bytes])).toEqual([
      ['INPUT', 'ACCEPT', 120, 9600],
      ['FORWARD', 'DROP', 3, 180],
      ['OUTPUT', 'ACCEPT', 98, 7840],
      ['LAB', undefined, undefined, undefined],
    ]);
  });

  it("reads Docker's DNS redirection with counters and targets", () => {
    const dockerOutput = nat.chains.find((c) => c.name === 'DOCKER_OUTPUT');
    expect(dockerOutput).toEqual({
      name: 'DOCKER_OUTPUT',
      rules: [
        { text: '-d 127.0.0.11/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127.0.0.11:39527', target: 'DNAT', packets: 0, bytes: 0 },
        { text: '-d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:45000', target: 'DNAT', packets: 6, bytes: 420 },
      ],
    });
    expect(nat.chains.find((c) => c.name === 'OUTPUT')?.rules).toEqual([{ text: '-d 127.0.0.11/32 -j DOCKER_OUTPUT', target: 'DOCKER_OUTPUT', packets: 6, bytes: 420 }]);
  });

  it('finds the real target past a comment that mentions -j, a goto target, and none for a counting rule', () => {
    const input = filter.chains.find((c) => c.name === 'INPUT');
    expect(input?.rules[1]).toEqual({ text: '-p tcp -m tcp --dport 22 -m comment --comment "ssh -j DROP is not the target" -j LAB', target: 'LAB', packets: 2, bytes: 120 });
    const forward = filter.chains.find((c) => c.name === 'FORWARD');
    expect(forward?.rules).toEqual([
      { text: '-i eth1 -o eth0 -g LAB', target: 'LAB', packets: 9, bytes: 756 },
      { text: '-s 10.66.0.0/16', packets: 1, bytes: 60 },
    ]);
  });

  it('reads output saved without -c: no counters anywhere', () => {
    const plain = parseIptablesSave(['*filter', ':INPUT ACCEPT', ':DOCKER-USER - [0:0]', '-A INPUT -i lo -j ACCEPT', '-A DOCKER-USER -j RETURN', 'COMMIT'].join('\n'));
    expect(plain).toEqual([
      {
        name: 'filter',
        chains: [
          { name: 'INPUT', policy: 'ACCEPT', rules: [{ text: '-i lo -j ACCEPT', target: 'ACCEPT' }] },
          { name: 'DOCKER-USER', rules: [{ text: '-j RETURN', target: 'RETURN' }] },
        ],
      },
    ]);
  });

  it('reads the long forms --jump and --goto, and a rule with no matches', () => {
    const [table] = parseIptablesSave('*mangle\n-A A --jump MARK --set-mark 1\n-A A --goto B\n-A A\nCOMMIT');
    expect(table.chains[0].rules).toEqual([{ text: '--jump MARK --set-mark 1', target: 'MARK' }, { text: '--goto B', target: 'B' }, { text: '' }]);
  });

  it('creates a chain a rule names before it is declared, and keeps its rules when the declaration follows', () => {
    const [table] = parseIptablesSave('*filter\n[1:2] -A LATE -j DROP\n:LATE - [0:0]\n:INPUT DROP [5:6]\n[3:4] -A INPUT -j LATE\nCOMMIT');
    expect(table.chains).toEqual([
      { name: 'LATE', rules: [{ text: '-j DROP', target: 'DROP', packets: 1, bytes: 2 }] },
      { name: 'INPUT', policy: 'DROP', packets: 5, bytes: 6, rules: [{ text: '-j LATE', target: 'LATE', packets: 3, bytes: 4 }] },
    ]);
  });

  it('ignores comments, warnings, lines outside a table and lines it cannot read', () => {
    const text = [
      '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them',
      '-A INPUT -j DROP',
      '*raw',
      ':PREROUTING ACCEPT [1:2]',
      'garbage line',
      ':',
      '[x:y] -A PREROUTING -j DROP',
      'COMMIT',
      '-A PREROUTING -j DROP',
    ].join('\r\n');
    expect(parseIptablesSave(text)).toEqual([{ name: 'raw', chains: [{ name: 'PREROUTING', policy: 'ACCEPT', packets: 1, bytes: 2, rules: [] }] }]);
  });

  it('keeps a table that was cut off before COMMIT', () => {
    expect(parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\n[0:0] -A INPUT -j ACCEPT')).toHaveLength(1);
  });

  it.each(['', '\n', 'not iptables', '{"nftables": []}'])('returns [] for %j', (bad) => {
    expect(parseIptablesSave(bad)).toEqual([]);
  });
});
