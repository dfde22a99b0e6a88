#!/usr/bin/env node
// What deploy/launch needs to know about a built-in flow before anything is installed: the stack
// parameter behind each of its variables. Plain JavaScript (no dependencies), so it runs before
// `npm ci`. Mirrors parameterName and STACK_PROVIDED of lib/flows.ts; a test keeps them in step.
//
//   node bin/flow-config.mjs NAME [FLOWS_FILE]
//
// One line per variable: ENV PARAMETER required|optional, with PARAMETER `-` for a variable the
// stack fills in itself. Exit 3 when there is no such flow, with the reason on stderr.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const STACK_PROVIDED = ['WAV_BUCKET', 'RECORDING_BUCKET'];

const parameterName = (env) =>
  env
    .toLowerCase()
    .split('_')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');

const [name, file] = process.argv.slice(2);
const flowsFile = file ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'flows.json');
if (!name) {
  console.error('usage: flow-config.mjs NAME [FLOWS_FILE]');
  process.exit(2);
}
const { flows } = JSON.parse(fs.readFileSync(flowsFile, 'utf8'));
const flow = flows.find((f) => f.name === name);
if (!flow) {
  console.error(`no flow named "${name}" is built into the handler (built in: ${flows.map((f) => f.name).join(', ')})`);
  process.exit(3);
}
for (const item of flow.config) {
  const parameter = STACK_PROVIDED.includes(item.env) ? '-' : parameterName(item.env);
  console.log(`${item.env} ${parameter} ${item.required ? 'required' : 'optional'}`);
}
