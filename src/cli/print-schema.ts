import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSchemaSdl } from '../graphql/schema.js';

/**
 * `npm run schema`: writes the SDL printed from the code to the file named (schema.graphql),
 * or to standard output without an argument. schema.graphql is never edited by hand.
 */
const target = process.argv[2];
const sdl = printSchemaSdl();
if (target) writeFileSync(target, sdl);
else process.stdout.write(sdl);
