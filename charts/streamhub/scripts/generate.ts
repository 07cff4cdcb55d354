// `npm run generate`: rewrites every generated file of the chart and the
// operator's API from its one source. CI fails when the committed files differ
// from what this writes (.ci/run).
//   charts/streamhub/crds/*.yaml       -> services/operator/api/<version>/generated/*.ts
//   charts/streamhub/values.yaml       -> charts/streamhub/values.schema.json, README.md's values table
//     (+ values.schema.defs.yaml)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import * as prettier from 'prettier';
import { generateCrdTypes, type Crd } from './crd-types';
import { parseValuesAnnotations, refineValuesSchema, type JsonSchema } from './values-schema';

const REPO_DIR = process.cwd();
const CHART_DIR = path.join(REPO_DIR, 'charts/streamhub');
const API_DIR = path.join(REPO_DIR, 'services/operator/api');

async function write(file: string, content: string): Promise<void> {
  const config = await prettier.resolveConfig(file);
  fs.writeFileSync(file, await prettier.format(content, { ...config, filepath: file }));
  console.log(`wrote ${path.relative(REPO_DIR, file)}`);
}

async function generateApiTypes(): Promise<void> {
  const crdsDir = path.join(CHART_DIR, 'crds');
  for (const name of fs
    .readdirSync(crdsDir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()) {
    const crdPath = path.relative(REPO_DIR, path.join(crdsDir, name));
    const crd = yaml.load(fs.readFileSync(path.join(crdsDir, name), 'utf8')) as Crd;
    for (const types of await generateCrdTypes(crd, crdPath)) {
      const dir = path.join(API_DIR, types.version, 'generated');
      fs.mkdirSync(dir, { recursive: true });
      await write(path.join(dir, types.file), types.source);
    }
  }
}

/** Runs @bitnami/readme-generator-for-helm: the README's values table, and the schema it derives. */
function runReadmeGenerator(valuesFile: string, readmeFile: string): JsonSchema {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamhub-generate-'));
  try {
    const schemaFile = path.join(workDir, 'values.schema.json');
    const bin = require.resolve('@bitnami/readme-generator-for-helm/bin/index.js');
    try {
      execFileSync(
        process.execPath,
        [bin, '--values', valuesFile, '--readme', readmeFile, '--schema', schemaFile],
        { encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`readme-generator failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
    return JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as JsonSchema;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function generateValuesSchema(): Promise<void> {
  const valuesFile = path.join(CHART_DIR, 'values.yaml');
  const readmeFile = path.join(CHART_DIR, 'README.md');
  const valuesYaml = fs.readFileSync(valuesFile, 'utf8');
  const generated = runReadmeGenerator(valuesFile, readmeFile);
  await write(readmeFile, fs.readFileSync(readmeFile, 'utf8'));
  const schema = refineValuesSchema({
    generated,
    values: yaml.load(valuesYaml) as Record<string, unknown>,
    annotations: parseValuesAnnotations(valuesYaml),
    defs: yaml.load(fs.readFileSync(path.join(CHART_DIR, 'values.schema.defs.yaml'), 'utf8')) as Record<
      string,
      JsonSchema
    >,
  });
  await write(path.join(CHART_DIR, 'values.schema.json'), JSON.stringify(schema, null, 2));
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(CHART_DIR, 'Chart.yaml')))
    throw new Error('run from the repository root: npm run generate');
  await generateApiTypes();
  await generateValuesSchema();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
