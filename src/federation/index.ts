export { createSubgraphSchema, printSubgraphSdl } from './subgraph-schema.js';
export { MAX_ENTITY_REPRESENTATIONS } from './representations.js';
export { subgraphPermissions } from './permissions.js';
