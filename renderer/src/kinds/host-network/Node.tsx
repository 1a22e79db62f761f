// host-network networks are drawn by the shared network node (memoised).
import { NetworkNode } from '../shared/NetworkNode';

export default NetworkNode;
