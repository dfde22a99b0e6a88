// deploy/launch and deploy/destroy, run with stand-ins for npm, npx, cargo, rustup and python3 that
// only record how they were called: nothing is installed, built or sent to AWS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SOURCE_PHONE_PATTERN } from '../lib/flows';
import { DEPLOY_DIR } from './helpers';

const STUBBED = ['node', 'npm', 'npx', 'cargo', 'rustup', 'python3', 'pip', 'aws'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** One line per stand-in call: the tool name and its arguments. */
  calls: string[];
}

function run(script: 'launch' | 'destroy', args: string[], env: Record<string, string> = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sma-flow-script-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  for (const tool of STUBBED) {
    fs.writeFileSync(
      path.join(bin, tool),
      [
        '#!/bin/bash',
        'echo "$(basename "$0") $*" >> "$STUB_LOG"',
        // Without STUB_NO_CARGO_LAMBDA cargo-lambda is there; with it, only after pip installed it.
        'if [[ "$(basename "$0") $*" == *"pip install"*cargo-lambda ]]; then touch "$STUB_LOG.cargo-lambda"; fi',
        'if [[ "$(basename "$0") $1 $2" == "cargo lambda --version" && -n "${STUB_NO_CARGO_LAMBDA:-}" && ! -e "$STUB_LOG.cargo-lambda" ]]; then exit 101; fi',
        'exit 0',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  }
  const result = spawnSync('bash', [path.join(DEPLOY_DIR, script), ...args], {
    encoding: 'utf8',
    input: '',
    timeout: 30_000,
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, STUB_LOG: log, ...env },
  });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

describe('deploy/launch', () => {
  for (const bad of ['+15551234567', '3125550100', '+1312555010', '+11125550100', '+443125550100', '+1 312 555 0100', '+13125550100;rm']) {
    it(`rejects the source phone ${JSON.stringify(bad)} before installing or calling anything`, () => {
      const result = run('launch', ['--source-phone', bad]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /invalid source phone/);
      assert.deepEqual(result.calls, []);
    });
  }

  it('rejects a bad SOURCE_PHONE from the environment too', () => {
    const result = run('launch', [], { SOURCE_PHONE: '+10005550100' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /invalid source phone/);
    assert.deepEqual(result.calls, []);
  });

  it('refuses to go on without a source phone when nobody can be asked', () => {
    const result = run('launch', []);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no source phone/);
    assert.deepEqual(result.calls, []);
  });

  it('rejects a malformed flow name, stack name, area code or state', () => {
    for (const args of [['--flow', 'Recording'], ['--stack-name', '1stack'], ['--area-code', '012'], ['--state', 'Illinois'], ['--toll-free', '900']]) {
      const result = run('launch', ['--source-phone', '+13125550100', ...args]);
      assert.equal(result.status, 2, args.join(' '));
      assert.deepEqual(result.calls, []);
    }
  });

  it('accepts exactly the numbers the stack parameter accepts', () => {
    const pattern = new RegExp(SOURCE_PHONE_PATTERN);
    for (const phone of ['+13125550100', '+12065550123', '+19995559999', '+12125550100', '+10125550100', '+12120550100', '+1212555010', '+442071234567']) {
      const result = run('launch', ['--source-phone', phone, '--check']);
      assert.equal(result.status === 0, pattern.test(phone), `${phone}: ${result.stderr}`);
      assert.deepEqual(result.calls, []);
    }
  });

  it('installs, builds for arm64, bootstraps and deploys with the parameters, in that order', () => {
    const result = run('launch', ['--source-phone', '+13125550100', '--flow', 'voicemail', '--area-code', '312', '--yes']);
    assert.equal(result.status, 0, result.stderr);
    const calls = result.calls.filter((c) => !c.startsWith('rustup'));
    assert.equal(calls[0], 'npm ci --no-audit --no-fund');
    assert.equal(calls[1], 'cargo lambda --version');
    assert.equal(calls[2], 'cargo lambda build --release --arm64 --bin handler --no-default-features');
    assert.match(calls[3], /^npx cdk bootstrap -c stackName=SmaOnDemandRecording -c region=us-east-1 -c handlerAsset=\S+\/target\/lambda\/handler( |$)/);
    assert.match(calls[4], /^npx cdk deploy SmaOnDemandRecording /);
    for (const part of ['-c phoneAreaCode=312', '--parameters SourcePhone=+13125550100', '--parameters Flow=voicemail', '--parameters RecordingPrefix=originalAudio', '--require-approval never']) {
      assert.ok(calls[4].includes(part), `${part} in: ${calls[4]}`);
    }
    assert.equal(calls.length, 5);
  });

  it('installs cargo-lambda from PyPI when it is missing, never with cargo install', () => {
    const result = run('launch', ['--source-phone', '+13125550100'], { STUB_NO_CARGO_LAMBDA: '1' });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.calls.includes('python3 -m pip install --quiet cargo-lambda'));
    assert.ok(!result.calls.some((c) => c.startsWith('cargo install')));
    assert.ok(result.calls.includes('cargo lambda build --release --arm64 --bin handler --no-default-features'));
  });
});

describe('deploy/destroy', () => {
  it('says the buckets will be emptied and removes nothing without confirmation', () => {
    const result = run('destroy', []);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /EMPTIED and deleted/);
    assert.match(result.stdout, /phone number/);
    assert.match(result.stderr, /--yes/);
    assert.deepEqual(result.calls, []);
  });

  it('removes the stack with --yes, without needing the handler build', () => {
    const result = run('destroy', ['--yes', '--stack-name', 'SmaVoicemail']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.calls, [
      'npx cdk destroy SmaVoicemail --force -c stackName=SmaVoicemail -c region=us-east-1 -c requireHandlerBuild=false',
    ]);
  });
});
