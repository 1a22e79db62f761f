// The capture agent: one `docker exec` per namespace that starts a tcpdump on each
// interface and multiplexes their pcap streams onto its stdout as frames. A docker exec
// costs ~50–100 ms of engine time while a tcpdump starts in ~5 ms, so one exec per
// namespace instead of one per interface is what makes a warm trace fast. Perl is in
// every Debian system (perl-base is essential), hence in topolab/node.
//
// Frame: type (1 byte ASCII) · interface index (1 byte) · length (uint32 BE) · bytes
//   N  the interface's name            L  tcpdump is listening on it
//   D  pcap bytes from its tcpdump     X  its tcpdump ended (bytes: its stderr)
//   A  `ip -j -d addr show` output (index 0), sent first
// Closing the exec's stdin stops every tcpdump; an alarm stops them after max seconds.

/**
 * Arguments: max-seconds filter mode [ports:<ifindex,…>] [bridge…]; mode 'all' (every
 * interface but lo) or 'bridges' (those bridges and their ports; with `ports:`, only the
 * ports with those interface indexes), or 'netns:<path>' (every interface but lo of the
 * network namespace bound at that path).
 */
export const CAPTURE_AGENT = String.raw`
use strict; use warnings; use IO::Select; use POSIX ();
my ($max, $filter, $mode, @bridges) = @ARGV;
my %port; my $only_ports = 0;
if (@bridges && $bridges[0] =~ /^ports:(.*)$/) { $only_ports = 1; $port{$_} = 1 for split /,/, $1; shift @bridges; }
sub wanted_port { my ($p) = @_; return 1 unless $only_ports; open(my $h, '<', "/sys/class/net/$p/ifindex") or return 0; my $i = <$h>; chomp $i; return $port{$i}; }
binmode STDOUT;
sub frame { my ($t, $i, $d) = @_; my $b = pack('aCN', $t, $i, length $d) . $d; while (length $b) { my $n = syswrite(STDOUT, $b); exit 0 unless defined $n; substr($b, 0, $n) = ''; } }
sub ls { my ($d) = @_; opendir(my $h, $d) or return (); my @e = sort grep { !/^\./ } readdir($h); closedir $h; return @e; }
# netns mode: another namespace (a swarm overlay's), entered with nsenter for every command
my @in = $mode =~ /^netns:(.+)$/ ? ('nsenter', "--net=$1") : ();
my @ifaces;
if (@in) { @ifaces = grep { $_ ne 'lo' } map { /^\d+: ([^:@\s]+)/ ? $1 : () } split /\n/, scalar qx(@in ip -o link show 2>/dev/null); }
else { @ifaces = $mode eq 'all' ? grep { $_ ne 'lo' } ls('/sys/class/net') : map { -d "/sys/class/net/$_" ? ($_, grep { wanted_port($_) } ls("/sys/class/net/$_/brif")) : () } @bridges; }
frame('A', 0, scalar qx(@in ip -j -d addr show 2>/dev/null));
my $sel = IO::Select->new(); my (%idx, @pid, @err, %ready);
for my $i (0 .. $#ifaces) {
  frame('N', $i, $ifaces[$i]);
  $err[$i] = "/tmp/tl-capture-$$-$i.err";
  my $pid = open(my $fh, '-|');
  if (!defined $pid) { frame('X', $i, "fork failed: $!"); next; }
  if ($pid == 0) { open(STDERR, '>', $err[$i]); { no warnings 'exec'; exec(@in, 'tcpdump', '-i', $ifaces[$i], '-U', '--immediate-mode', '-n', '-s', '262144', '-w', '-', $filter); } POSIX::_exit(127); }
  binmode $fh; $pid[$i] = $pid; $idx{fileno $fh} = $i; $sel->add($fh);
}
$sel->add(\*STDIN);
my $stopping = 0;
sub stop { return if $stopping++; kill 'INT', grep { defined } @pid; }
$SIG{ALRM} = \&stop; alarm($max);
sub slurp { my ($f) = @_; open(my $h, '<', $f) or return ''; local $/; my $t = <$h>; return defined $t ? $t : ''; }
my $open = grep { defined } @pid;
while ($open > 0) {
  for my $i (grep { defined $pid[$_] && !$ready{$_} } 0 .. $#ifaces) { if (slurp($err[$i]) =~ /listening on/) { $ready{$i} = 1; frame('L', $i, ''); } }
  for my $fh ($sel->can_read(0.01)) {
    if (fileno($fh) == fileno(STDIN)) { my $n = sysread(STDIN, my $x, 4096); if (!$n) { $sel->remove(\*STDIN); stop(); } next; }
    my $i = $idx{fileno $fh}; my $n = sysread($fh, my $buf, 65536);
    if ($n) { frame('D', $i, $buf); next; }
    $sel->remove($fh); close $fh; $open--; frame('X', $i, slurp($err[$i])); unlink $err[$i];
  }
}
exit 0;
`;

export interface AgentFrame {
  type: 'A' | 'N' | 'L' | 'D' | 'X';
  index: number;
  data: Uint8Array;
}

/** Incremental parser of the agent's frames (chunks may split anywhere). */
export class AgentFrameReader {
  #buffer = new Uint8Array(0);

  push(chunk: Uint8Array): AgentFrame[] {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const frames: AgentFrame[] = [];
    let at = 0;
    while (joined.length - at >= 6) {
      const view = new DataView(joined.buffer, joined.byteOffset + at, 6);
      const length = view.getUint32(2);
      if (joined.length - at - 6 < length) break;
      const type = String.fromCharCode(joined[at]) as AgentFrame['type'];
      frames.push({ type, index: joined[at + 1], data: joined.slice(at + 6, at + 6 + length) });
      at += 6 + length;
    }
    this.#buffer = joined.slice(at);
    return frames;
  }
}
