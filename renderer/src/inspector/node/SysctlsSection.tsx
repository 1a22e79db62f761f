import { Row, Section } from '../Section';

/** The sysctls that decide how packets are handled in this namespace (forwarding, rp_filter…). */
export function SysctlsSection({ sysctls }: { sysctls: Record<string, string> }) {
  const entries = Object.entries(sysctls);
  return (
    <Section name="sysctls" title="Sysctls" count={entries.length}>
      <table className="inspect-table">
        <tbody>
          {entries.map(([name, value]) => (
            <Row key={name} section="sysctls" id={name}>
              <td className="mono muted">{name}</td>
              <td className="mono strong">{value}</td>
            </Row>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
