import { MachinePanel } from '../shared/MachinePanel';

export default function ContainerPanel({ id }: { id: string }) {
  return <MachinePanel id={id} />;
}
