import { writeFileSync } from 'node:fs';
import { GENERATED_FILE, generateClient } from '../codegen';

// `--stdout` prints instead of writing (the staleness test compares it with the committed file).
void generateClient().then((code) => {
  if (process.argv.includes('--stdout')) {
    process.stdout.write(code);
    return;
  }
  writeFileSync(GENERATED_FILE, code);
  console.log(`wrote ${GENERATED_FILE}`);
});
