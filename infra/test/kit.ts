import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Reading the kit's files the way the tools that apply them would. */
export const INFRA_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(INFRA_DIR, '..');
export const K8S_DIR = path.join(INFRA_DIR, 'k8s');

export type Doc = Record<string, unknown>;

/** Every document of a YAML file; merge keys (`<<: *anchor`) expanded, as compose does. */
export function readYaml(file: string): Doc[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Doc;
  });
}

/** Every Kubernetes manifest under infra/k8s (the kustomization file is kustomize's, not an API object). */
export function k8sFiles(dir = K8S_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return k8sFiles(full);
    return entry.name.endsWith('.yaml') && entry.name !== 'kustomization.yaml' ? [full] : [];
  });
}

export function k8sObjects(): { file: string; object: Doc }[] {
  return k8sFiles().flatMap((file) => readYaml(file).map((object) => ({ file: path.relative(INFRA_DIR, file), object })));
}

export function findObject(kind: string, name: string): Doc {
  const found = k8sObjects().find(({ object }) => object.kind === kind && (object.metadata as Doc | undefined)?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} under infra/k8s`);
  return found.object;
}

/** `KEY=value` lines of an env file; comments and blank lines skipped. */
export function readEnvFile(file: string): Record<string, string> {
  const entries = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      if (at < 1) throw new Error(`${file}: not KEY=value: ${line}`);
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return Object.fromEntries(entries);
}

/** The variables the README's configuration table documents (`HOST` / `PORT` gives both). */
export function documentedVariables(): Set<string> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? ''));
  return new Set(names);
}

/** Runs infra/compose/make-secrets.sh into a fresh directory; `remove` deletes it again. */
export function makeSecrets(): { dir: string; remove(): void } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-secrets-'));
  const dir = path.join(parent, 'secrets');
  execFileSync('sh', [path.join(INFRA_DIR, 'compose', 'make-secrets.sh'), dir], { stdio: 'pipe' });
  return { dir, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

export function readRepoFile(relative: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}
