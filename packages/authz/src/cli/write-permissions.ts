import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPermissionsDoc } from '../permissions-doc';

/** `pnpm permissions:write`: regenerate docs/permissions.md from the policy. */
const target = path.resolve(__dirname, '../../../../docs/permissions.md');
writeFileSync(target, renderPermissionsDoc());
console.error(`wrote ${target}`);
