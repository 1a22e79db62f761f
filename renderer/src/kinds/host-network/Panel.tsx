import { NetworkPanel } from '../shared/NetworkPanel';

export default function HostNetworkPanel({ id }: { id: string }) {
  return <NetworkPanel id={id} addressing={false} note="Containers on the host network share the Docker host's interfaces and addresses; they get no interface of their own." />;
}
