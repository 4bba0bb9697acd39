import { readFileSync } from 'node:fs';
import path from 'node:path';

// Read at start-up from this package's manifest (one level above src/ and dist/).
const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

export const TANDEM_VERSION: string = manifest.version;
