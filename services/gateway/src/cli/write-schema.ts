import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaFile } from '../schema-file';

/** `pnpm schema:write`: regenerate the committed schema.graphql from the code. */
const target = path.resolve(__dirname, '../../../../schema.graphql');
printSchemaFile()
  .then((text) => {
    writeFileSync(target, text);
    console.error(`wrote ${target}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
