import type { NodeInspection } from '../../../../electron/lab/inspect/types';
import { Section } from '../Section';

/** resolv.conf, read the way it works: Docker's embedded resolver answers the lab's names. */
export function DnsSection({ dns }: { dns: NodeInspection['dns'] }) {
  const { resolv } = dns;
  const hosts = dns.hosts.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  return (
    <Section name="dns" title="DNS" note={resolv.dockerEmbedded ? "Docker's embedded resolver" : undefined}>
      <dl className="inspect-dl">
        <dt>nameservers</dt>
        <dd className="mono">{resolv.nameservers.join(', ') || <span className="muted">none</span>}</dd>
        {resolv.dockerEmbedded && (
          <dd className="inspect-note-line" data-testid="dns-embedded">
            Docker's embedded resolver (127.0.0.11): it answers the lab's node names and forwards the rest to {resolv.dockerUpstreams.length ? <span className="mono">{resolv.dockerUpstreams.join(', ')}</span> : "the host's resolvers"}.
          </dd>
        )}
        <dt>search</dt>
        <dd className="mono">{resolv.search.join(' ') || <span className="muted">none</span>}</dd>
        {resolv.options.length > 0 && <><dt>options</dt><dd className="mono">{resolv.options.join(' ')}</dd></>}
        <dt>/etc/hosts</dt>
        <dd><pre className="inspect-pre">{hosts.join('\n')}</pre></dd>
      </dl>
    </Section>
  );
}
