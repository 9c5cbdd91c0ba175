import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSubgraphSdl } from '../federation/index.js';
import { printSchemaSdl } from '../graphql/schema.js';

/**
 * `npm run schema`: writes the SDL printed from the code to the first file named (schema.graphql)
 * and the Apollo Federation subgraph SDL to the second (subgraph.graphql); without arguments, the
 * plain SDL goes to standard output (`--subgraph`: the subgraph's). Neither file is edited by hand.
 */
const [target, subgraphTarget] = process.argv.slice(2);
if (target === '--subgraph') process.stdout.write(printSubgraphSdl());
else if (!target) process.stdout.write(printSchemaSdl());
else {
  writeFileSync(target, printSchemaSdl());
  if (subgraphTarget) writeFileSync(subgraphTarget, printSubgraphSdl());
}
