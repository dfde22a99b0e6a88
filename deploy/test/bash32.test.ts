// deploy/launch and deploy/destroy must run under macOS's bash 3.2. No bash 3.2 can be installed on
// the test machines (no registry reachable from them ships one), so this reads the scripts for what
// 3.2 lacks or does differently; scripts/test also runs shellcheck on them. The checks are run on
// known-bad snippets too, so a check that cannot fail would show.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEPLOY_DIR } from './helpers';

/** Constructs bash 3.2 does not have, with what to use instead. */
const NOT_IN_BASH_32: [RegExp, string][] = [
  [/\b(declare|local|typeset)\s+-[a-zA-Z]*A/, 'associative arrays (bash 4)'],
  [/\b(declare|local|typeset)\s+-[a-zA-Z]*n\b/, 'name references (bash 4.3)'],
  [/\b(mapfile|readarray)\b/, 'mapfile/readarray (bash 4): use a while-read loop'],
  [/\$\{[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?(,,?|\^\^?)[^}]*\}/, 'case conversion ${x,,} ${x^^} (bash 4): use tr'],
  [/\$\{[A-Za-z_][A-Za-z0-9_]*@[QEPAaUuLK]\}/, 'parameter transformation ${x@Q} (bash 4.4)'],
  [/\|&/, '|& (bash 4): use 2>&1 |'],
  [/&>>/, '&>> (bash 4): use >>file 2>&1'],
  [/;;&|;&\s*$/m, 'case fall-through ;& ;;& (bash 4)'],
  [/\bcoproc\b/, 'coproc (bash 4)'],
  [/\bwait\s+-n\b/, 'wait -n (bash 4.3)'],
  [/\bread\b[^\n]*\s-i\s/, 'read -i (bash 4)'],
  [/\[\[\s+-v\s/, '[[ -v name ]] (bash 4.2)'],
  [/\bshopt\s+-s\s+(globstar|lastpipe|autocd|direxpand)\b/, 'shopt options of bash 4'],
  [/\$EPOCH(SECONDS|REALTIME)\b/, '$EPOCHSECONDS (bash 5): use date +%s'],
  [/\[\s*-\d+\s*\]/, 'negative array subscripts (bash 4.3)'],
  [/printf\s+(-v\s+\w+\s+)?['"][^'"]*%\(/, "printf's %(...)T time format (bash 4.2)"],
  [/\{\d+\.\.\d+\.\.\d+\}/, 'brace ranges with a step (bash 4)'],
];

/** Problems bash 3.2 would have with the script text; empty when there are none. */
export function bash32Problems(script: string): string[] {
  const problems: string[] = [];
  const code = script
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  for (const [pattern, what] of NOT_IN_BASH_32) {
    const found = code.match(pattern);
    if (found) problems.push(`${what}: ${found[0]}`);
  }
  // Under `set -u`, bash before 4.4 calls "${a[@]}" of an empty array an unbound variable: every
  // array that starts empty is expanded as ${a[@]+"${a[@]}"}.
  const startsEmpty = new Set([...code.matchAll(/(?:^|[\s;])([A-Za-z_][A-Za-z0-9_]*)=\(\s*\)/g)].map((m) => m[1]));
  for (const name of startsEmpty) {
    const guarded = new RegExp(`\\$\\{${name}\\[@\\]\\+"\\$\\{${name}\\[@\\]\\}"\\}`, 'g');
    const bare = new RegExp(`\\$\\{${name}\\[[@*]\\]\\}`);
    const rest = code.replace(guarded, '');
    if (bare.test(rest)) problems.push(`the array ${name} starts empty and is expanded unguarded: use \${${name}[@]+"\${${name}[@]}"}`);
  }
  return problems;
}

describe('bash 3.2 compatibility', () => {
  for (const script of ['launch', 'destroy']) {
    it(`deploy/${script} uses nothing bash 3.2 lacks and guards arrays that can be empty`, () => {
      const text = fs.readFileSync(path.join(DEPLOY_DIR, script), 'utf8');
      assert.deepEqual(bash32Problems(text), []);
      assert.match(text.split('\n')[0], /^#!\/usr\/bin\/env bash$/);
    });
  }

  it('catches the unguarded expansion that broke the approval prompt under bash 3.2', () => {
    const before = 'set -u\napproval=()\n$yes && approval=(--require-approval never)\nnpx cdk deploy "${approval[@]}"\n';
    assert.deepEqual(bash32Problems(before), [
      'the array approval starts empty and is expanded unguarded: use ${approval[@]+"${approval[@]}"}',
    ]);
    assert.deepEqual(bash32Problems(before.replace('"${approval[@]}"', '${approval[@]+"${approval[@]}"}')), []);
  });

  it('catches bash 4 constructs', () => {
    const samples = ['declare -A seen', 'mapfile -t lines < f', 'echo "${name,,}"', 'cmd |& tee log', 'echo "${x@Q}"', 'local -n ref=x', '[[ -v HOME ]]'];
    for (const sample of samples) assert.equal(bash32Problems(sample).length, 1, sample);
    assert.deepEqual(bash32Problems('# mapfile in a comment\necho "${name}" | tr A-Z a-z'), []);
  });
});
