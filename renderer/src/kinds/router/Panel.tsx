import { MachinePanel } from '../shared/MachinePanel';

export default function RouterPanel({ id }: { id: string }) {
  return <MachinePanel id={id} router />;
}
