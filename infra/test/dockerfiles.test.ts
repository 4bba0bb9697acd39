import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { ValidationSeverity, validate } from 'dockerfile-utils';
import type { ValidatorSettings } from 'dockerfile-utils';
import { INFRA_DIR } from './kit';

/**
 * The Dockerfiles are linted by dockerfile-utils (the linter behind the Dockerfile language
 * server) with every optional rule raised to an error. The images themselves are not built
 * on the project's machines (no registry for base images): infra/README.md.
 */
const DOCKER_DIR = path.join(INFRA_DIR, 'docker');
const dockerfiles = fs.readdirSync(DOCKER_DIR).filter((file) => file.endsWith('.Dockerfile'));
const read = (file: string) => fs.readFileSync(path.join(DOCKER_DIR, file), 'utf8');

const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/** The instructions of the last stage (the image that runs): keyword, arguments, whole text. */
function finalStage(content: string): { keyword: string; args: string; text: string }[] {
  const instructions = DockerfileParser.parse(content).getInstructions();
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
  return instructions.slice(lastFrom).map((i) => ({ keyword: i.getKeyword(), args: i.getArgumentsContent() ?? '', text: i.getTextContent() }));
}

describe('the Dockerfiles', () => {
  it('are one per process, plus PgBouncer', () => {
    expect(dockerfiles.sort()).toEqual(['gateway.Dockerfile', 'migrate.Dockerfile', 'pgbouncer.Dockerfile', 'worker.Dockerfile']);
  });

  it.each(dockerfiles)('%s passes the linter', (file) => {
    expect(validate(read(file), STRICT).map((d) => `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`)).toEqual([]);
  });

  it('fail the linter when broken (the linter is live)', () => {
    expect(validate('FROM node:20\nRUNN true\nEXPOSE http\n', STRICT).length).toBeGreaterThanOrEqual(2);
  });

  it.each(dockerfiles)('%s runs as a user other than root', (file) => {
    const users = finalStage(read(file)).filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it.each(['gateway.Dockerfile', 'worker.Dockerfile', 'migrate.Dockerfile'])('%s is multi-stage on Node 20 and ships production dependencies only', (file) => {
    const content = read(file);
    expect(content).toMatch(/^ARG NODE_IMAGE=node:20[.\d]*-bookworm-slim$/m);
    expect(DockerfileParser.parse(content).getFROMs().length).toBe(2);
    expect(content).toMatch(/deploy --prod /);
    expect(finalStage(content).some((i) => i.keyword === 'COPY' && i.text === 'COPY --from=build /out ./')).toBe(true);
  });

  it('gives the gateway a HEALTHCHECK on /healthz and says the others have none', () => {
    expect(finalStage(read('gateway.Dockerfile')).find((i) => i.keyword === 'HEALTHCHECK')?.args).toContain('/healthz');
    for (const file of ['worker.Dockerfile', 'migrate.Dockerfile']) expect(finalStage(read(file)).find((i) => i.keyword === 'HEALTHCHECK')?.args).toBe('NONE');
  });
});
