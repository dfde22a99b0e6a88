// Writes the synthesised template (offline, as the tests synthesise it) for cfn-lint:
//   node --import tsx test/write-template.ts OUT.json
import * as fs from 'node:fs';
import { synth } from './helpers';

const out = process.argv[2];
if (!out) {
  console.error('usage: write-template.ts OUT.json');
  process.exit(2);
}
fs.writeFileSync(out, JSON.stringify(synth().json, null, 1));
