import { NetworkPanel } from '../shared/NetworkPanel';

export default function NonePanel({ id }: { id: string }) {
  return <NetworkPanel id={id} addressing={false} note="A container on none has only its loopback interface." />;
}
