// deploy/launch and deploy/destroy, run with stand-ins for npm, npx, cargo, rustup, python3, pipx and
// aws that only record how they were called: nothing is installed, built or sent to AWS. Node.js is
// the real one (launch reads the handler's flow list with it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SOURCE_PHONE_PATTERN, builtInFlows, parameterName } from '../lib/flows';
import { DEPLOY_DIR } from './helpers';

const STUBBED = ['npm', 'npx', 'cargo', 'rustup', 'python3', 'pip', 'pipx', 'aws'];
const PHONE = '+13125550100';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** One line per stand-in call: the tool name and its arguments. */
  calls: string[];
}

// The stand-ins. cargo-lambda is there unless STUB_NO_CARGO_LAMBDA is set; then only once a pip
// install of it ran. `python3 -m venv DIR` makes DIR/bin/python (another stand-in) unless
// STUB_NO_VENV is set. `aws` answers as the CLI does when the service refuses (STUB_AWS_REFUSE).
const STUB = `#!/bin/bash
me="$(basename "$0")"
echo "$me $*" >> "$STUB_LOG"
if [[ "$me $*" == *"pip install"*cargo-lambda || "$me $*" == "pipx install cargo-lambda" ]]; then touch "$STUB_LOG.cargo-lambda"; fi
if [[ "$me $1 $2" == "cargo lambda --version" && -n "\${STUB_NO_CARGO_LAMBDA:-}" && ! -e "$STUB_LOG.cargo-lambda" ]]; then exit 101; fi
if [[ "$me $1 $2" == "python3 -m venv" ]]; then
  [[ -z "\${STUB_NO_VENV:-}" ]] || { echo "The virtual environment was not created successfully because ensurepip is not available." >&2; exit 1; }
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python"
fi
# Scripted answers: STUB_AWS_ANSWERS/<operation> holds one line per call, "<exit code> <output>"
# (the output on stdout when the code is 0, else on stderr; \t is a tab).
if [[ "$me" == aws && -n "\${STUB_AWS_ANSWERS:-}" && -s "$STUB_AWS_ANSWERS/$2" ]]; then
  line="$(head -n 1 "$STUB_AWS_ANSWERS/$2")"
  sed -i 1d "$STUB_AWS_ANSWERS/$2"
  if [[ "\${line%% *}" == 0 ]]; then printf '%b\n' "\${line#* }"; else printf '%b\n' "\${line#* }" >&2; fi
  exit "\${line%% *}"
fi
if [[ "$me" == aws && -n "\${STUB_AWS_REFUSE:-}" ]]; then
  echo "" >&2
  echo "An error occurred (ForbiddenException) when calling the ListSipMediaApplications operation: Service not available for this account" >&2
  exit 254
fi
exit 0
`;

function run(
  script: 'launch' | 'destroy',
  args: string[],
  env: Record<string, string> = {},
  awsAnswers: Record<string, string[]> = {},
): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sma-flow-script-'));
  const answers = path.join(dir, 'aws-answers');
  fs.mkdirSync(answers);
  for (const [operation, lines] of Object.entries(awsAnswers)) fs.writeFileSync(path.join(answers, operation), lines.map((l) => `${l}\n`).join(''));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  for (const tool of STUBBED) fs.writeFileSync(path.join(bin, tool), STUB, { mode: 0o755 });
  const result = spawnSync('bash', [path.join(DEPLOY_DIR, script), ...args], {
    encoding: 'utf8',
    input: '',
    timeout: 30_000,
    env: {
      PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: dir,
      STUB_LOG: log,
      STUB_AWS_ANSWERS: answers,
      SMA_FLOW_RETRY_SECONDS: '0',
      SMA_FLOW_TOOLS: path.join(dir, 'tools'),
      ...env,
    },
  });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

describe('deploy/launch: arguments', () => {
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

  it('rejects a malformed flow name, stack name, area code, state or number', () => {
    for (const args of [
      ['--flow', 'Recording'],
      ['--stack-name', '1stack'],
      ['--area-code', '012'],
      ['--state', 'Illinois'],
      ['--toll-free', '900'],
      ['--phone-number', '3125550199'],
      ['--phone-number', '+13125550199', '--area-code', '312'],
      ['--phone-number', '+13125550199', '--new-number'],
    ]) {
      const result = run('launch', ['--source-phone', PHONE, '--check', ...args]);
      assert.equal(result.status, 2, args.join(' '));
      assert.deepEqual(result.calls, []);
    }
  });

  it('--check refuses a region where not every resource exists, saying why', () => {
    const result = run('launch', ['--source-phone', PHONE, '--region', 'us-west-2', '--check']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /region 'us-west-2' is not supported: .*phone number.*SIP media application.*us-east-1/);
    assert.deepEqual(result.calls, []);
  });

  it('--check refuses a flow the handler does not have, naming the ones it has', () => {
    const result = run('launch', ['--source-phone', PHONE, '--flow', 'no_such_flow', '--check']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--flow no_such_flow: no flow named "no_such_flow" is built into the handler \(built in: [a-z_, ]*recording/);
    assert.deepEqual(result.calls, []);
  });

  it('--check accepts a supported region and a built-in flow, and says what it would deploy', () => {
    const result = run('launch', ['--source-phone', PHONE, '--flow', 'recording', '--region', 'us-east-1', '--check']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Stack: +SmaOnDemandRecording \(us-east-1\)\nFlow: +recording\n/);
    assert.match(result.stdout, /Recording number: kept if the stack has one; otherwise a new local, state IL number/);
    assert.deepEqual(result.calls, []);
  });

  it("checks --config against the flow's variables", () => {
    const unknown = run('launch', ['--source-phone', PHONE, '--config', 'GREETING=hello', '--check']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--config GREETING: the flow recording has no such variable/);
    const dedicated = run('launch', ['--source-phone', PHONE, '--config', 'RECORDING_PREFIX=calls', '--check']);
    assert.equal(dedicated.status, 2);
    assert.match(dedicated.stderr, /use --recording-prefix instead/);
  });

  it('accepts exactly the numbers the stack parameter accepts', () => {
    const pattern = new RegExp(SOURCE_PHONE_PATTERN);
    for (const phone of ['+13125550100', '+12065550123', '+19995559999', '+12125550100', '+10125550100', '+12120550100', '+1212555010', '+442071234567']) {
      const result = run('launch', ['--source-phone', phone, '--check']);
      assert.equal(result.status === 0, pattern.test(phone), `${phone}: ${result.stderr}`);
      assert.deepEqual(result.calls, []);
    }
  });

  it("names each flow variable's stack parameter as the CDK app does", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sma-flows-'));
    const envs = ['SOURCE_PHONE', 'WAV_BUCKET', 'GREETING_TEXT', 'MAX_ATTEMPTS', 'A_B_C', 'RECORDING_PREFIX'];
    const file = path.join(dir, 'flows.json');
    fs.writeFileSync(file, JSON.stringify({ flows: [{ name: 'sample', config: envs.map((env) => ({ env, type: 'text', required: env !== 'A_B_C' })) }] }));
    const out = spawnSync(process.execPath, [path.join(DEPLOY_DIR, 'bin', 'flow-config.mjs'), 'sample', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(
      out.stdout.trim().split('\n'),
      envs.map((env) => `${env} ${env === 'WAV_BUCKET' ? '-' : parameterName(env)} ${env === 'A_B_C' ? 'optional' : 'required'}`),
    );
    assert.ok(builtInFlows().map((f) => f.name).includes('recording'));
  });
});

describe('deploy/launch: deployment', () => {
  it('checks the account, installs, builds for arm64, bootstraps and deploys with the parameters, in that order', () => {
    const result = run('launch', ['--source-phone', PHONE, '--area-code', '312', '--yes']);
    assert.equal(result.status, 0, result.stderr);
    const calls = result.calls.filter((c) => !c.startsWith('rustup'));
    assert.equal(calls[0], 'aws chime-sdk-voice list-sip-media-applications --region us-east-1 --max-results 1');
    assert.equal(calls[1], 'npm ci --no-audit --no-fund');
    assert.equal(calls[2], 'cargo lambda --version');
    assert.equal(calls[3], 'cargo lambda build --profile lambda-release --arm64 --bin handler --no-default-features');
    assert.match(calls[4], /^npx cdk bootstrap -c stackName=SmaOnDemandRecording -c region=us-east-1 -c flow=recording -c handlerAsset=\S+\/target\/lambda\/handler( |$)/);
    assert.match(calls[5], /^npx cdk deploy SmaOnDemandRecording /);
    for (const part of ['-c flow=recording', '-c phoneAreaCode=312', '--parameters SourcePhone=+13125550100', '--parameters RecordingPrefix=originalAudio', '--require-approval never']) {
      assert.ok(calls[5].includes(part), `${part} in: ${calls[5]}`);
    }
    assert.ok(!calls[5].includes('Flow='), 'the flow is chosen at synthesis, not by a parameter');
    // Then the disabled SIP rules a replacement left are looked for (none here: no stack output).
    assert.match(calls[6], /^aws cloudformation describe-stacks --stack-name SmaOnDemandRecording /);
    assert.equal(calls.length, 7);
  });

  it('after deploying, deletes only the disabled SIP rules a replaced number left, never the live one', () => {
    const result = run('launch', ['--source-phone', PHONE, '--yes'], {}, {
      'describe-stacks': ['0 sma-1'],
      'list-sip-rules': ['0 rule-2\\tSmaOnDemandRecording-13125550102\\tFalse\\nrule-1\\tSmaOnDemandRecording-13125550101\\tTrue'],
      'delete-sip-rule': ['0 '],
    });
    assert.equal(result.status, 0, result.stderr);
    const ruleCalls = result.calls.filter((c) => / (update|delete)-sip-rule /.test(c));
    assert.deepEqual(ruleCalls, ['aws chime-sdk-voice delete-sip-rule --sip-rule-id rule-1 --region us-east-1']);
    assert.match(result.stdout, /SIP rule rule-1 deleted/);
  });

  it('deploys without --yes, leaving the approval to cdk (the path bash 3.2 broke on)', () => {
    const result = run('launch', ['--source-phone', PHONE]);
    assert.equal(result.status, 0, result.stderr);
    const deploy = result.calls.find((c) => c.startsWith('npx cdk deploy'));
    assert.ok(deploy && !deploy.includes('--require-approval'), deploy);
  });

  it('uses a number the account owns, or asks for a new one, only when told to', () => {
    const owned = run('launch', ['--source-phone', PHONE, '--phone-number', '+13125550199', '--yes']);
    assert.equal(owned.status, 0, owned.stderr);
    assert.match(owned.stdout, /Recording number: \+13125550199, which the account owns/);
    assert.ok(owned.calls.find((c) => c.startsWith('npx cdk deploy'))!.includes('-c phoneNumber=+13125550199'));
    const renewed = run('launch', ['--source-phone', PHONE, '--new-number', '--yes']);
    assert.equal(renewed.status, 0, renewed.stderr);
    assert.match(renewed.stdout, /a NEW local, state IL number; the published one is released/);
    assert.match(renewed.calls.find((c) => c.startsWith('npx cdk deploy'))!, / -c newNumber=\d{8}T\d{6}Z /);
  });

  it('stops before building when the account cannot use SIP media applications, saying why', () => {
    const result = run('launch', ['--source-phone', PHONE, '--yes'], { STUB_AWS_REFUSE: '1' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /ForbiddenException/);
    assert.match(result.stderr, /closed to new customers since 2026-10-29/);
    assert.deepEqual(result.calls, ['aws chime-sdk-voice list-sip-media-applications --region us-east-1 --max-results 1']);
  });

  it('installs cargo-lambda from PyPI into a virtual environment when it is missing, never with cargo install', () => {
    const result = run('launch', ['--source-phone', PHONE], { STUB_NO_CARGO_LAMBDA: '1' });
    assert.equal(result.status, 0, result.stderr);
    const venv = result.calls.find((c) => c.startsWith('python3 -m venv '));
    assert.match(venv ?? '', /^python3 -m venv \S+\/tools\/cargo-lambda$/);
    assert.ok(result.calls.includes('python -m pip install --quiet cargo-lambda'), result.calls.join('\n'));
    assert.ok(!result.calls.some((c) => c.startsWith('cargo install') || c.startsWith('python3 -m pip')));
    assert.ok(result.calls.includes('cargo lambda build --profile lambda-release --arm64 --bin handler --no-default-features'));
  });

  it('falls back to pipx where Python has no venv module', () => {
    const result = run('launch', ['--source-phone', PHONE], { STUB_NO_CARGO_LAMBDA: '1', STUB_NO_VENV: '1' });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.calls.includes('pipx install cargo-lambda'), result.calls.join('\n'));
    assert.ok(result.calls.includes('cargo lambda build --profile lambda-release --arm64 --bin handler --no-default-features'));
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

  const DESCRIBE = "aws cloudformation describe-stacks --stack-name SmaVoicemail --region us-east-1 --query Stacks[0].Outputs[?OutputKey=='sipMediaApplicationId'].OutputValue --output text";
  const LIST = 'aws chime-sdk-voice list-sip-rules --sip-media-application-id sma-1 --region us-east-1 --query SipRules[].[SipRuleId,Name,Disabled] --output text';
  const DESTROY = 'npx cdk destroy SmaVoicemail --force -c stackName=SmaVoicemail -c region=us-east-1 -c removing=true';

  it('removes the stack with --yes, without needing the handler build', () => {
    const result = run('destroy', ['--yes', '--stack-name', 'SmaVoicemail']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.calls, [DESCRIBE, DESTROY]);
  });

  it('disables and deletes the SIP rules itself before the stack, retrying while the disabling settles', () => {
    const result = run('destroy', ['--yes', '--stack-name', 'SmaVoicemail'], {}, {
      'describe-stacks': ['0 sma-1'],
      'list-sip-rules': ['0 rule-1\\tSmaVoicemail-13125550101\\tFalse\\nrule-0\\tSmaVoicemail-13125550100\\tTrue'],
      'delete-sip-rule': [
        '254 An error occurred (ConflictException) when calling the DeleteSipRule operation: SIP rule is enabled',
        '254 An error occurred (BadRequestException) when calling the DeleteSipRule operation: SIP rule must be disabled',
        '0 ',
        '254 An error occurred (NotFoundException) when calling the DeleteSipRule operation: not found',
      ],
    });
    assert.equal(result.status, 0, result.stderr);
    const deleteRule = (id: string) => `aws chime-sdk-voice delete-sip-rule --sip-rule-id ${id} --region us-east-1`;
    assert.deepEqual(result.calls, [
      DESCRIBE,
      LIST,
      'aws chime-sdk-voice update-sip-rule --sip-rule-id rule-1 --name SmaVoicemail-13125550101 --disabled --region us-east-1',
      deleteRule('rule-1'),
      deleteRule('rule-1'),
      deleteRule('rule-1'),
      deleteRule('rule-0'),
      DESTROY,
    ]);
  });

  it('stops before removing the stack when a SIP rule cannot be deleted within the bound', () => {
    const refused = '254 An error occurred (ConflictException) when calling the DeleteSipRule operation: SIP rule is enabled';
    const result = run('destroy', ['--yes', '--stack-name', 'SmaVoicemail'], {}, {
      'describe-stacks': ['0 sma-1'],
      'list-sip-rules': ['0 rule-1\\tSmaVoicemail-13125550101\\tTrue'],
      'delete-sip-rule': Array(8).fill(refused),
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /still refused after 8 attempts/);
    assert.equal(result.calls.filter((c) => c.includes('delete-sip-rule')).length, 8);
    assert.ok(!result.calls.includes(DESTROY), 'the stack is not removed while its rule remains');
  });
});
