// Containers are drawn by the shared machine node (memoised).
import { MachineNode } from '../shared/MachineNode';

export default MachineNode;
