import { tandemEslint } from '@tandem/toolchain/eslint';

export default tandemEslint({ tsconfigRootDir: import.meta.dirname, kind: 'runner' });
