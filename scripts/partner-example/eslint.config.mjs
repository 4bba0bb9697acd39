import { tandemEslint } from '@tandem/toolchain/eslint';

export default [{ ignores: ['src/generated/**'] }, ...tandemEslint({ tsconfigRootDir: import.meta.dirname, kind: 'runner' })];
