import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The first executable `name` among the directories of `searchPath`, or null. */
export function findProgram(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}
