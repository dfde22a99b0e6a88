// The synthesised template: every resource the application needs, and no more access than it needs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { PSTN_PROVIDER_CHIME_ACTIONS } from '../lib/pstn';
import { SOURCE_PHONE_PATTERN, WORKSPACE_ROOT } from '../lib/settings';
import { SMA_PRINCIPAL } from '../lib/sma-flow-stack';
import { ACCOUNT, REGION, asList, iamStatements, logicalId, render, resourcesOf, synth } from './helpers';

const base = synth();
const { template, json } = base;

const smaId = logicalId(json, 'AWS::Chime::SipMediaApplication', 'SipMediaApplication');
const handlerId = logicalId(json, 'AWS::Lambda::Function', 'Handler');
const promptsBucketId = logicalId(json, 'AWS::S3::Bucket', 'PromptsBucket');
const recordingsBucketId = logicalId(json, 'AWS::S3::Bucket', 'RecordingsBucket');
const tableId = logicalId(json, 'AWS::DynamoDB::Table', 'CallRecords');
const numberId = logicalId(json, 'Custom::ChimePhoneNumber', 'RecordingNumber');
const SMA_ARN = `arn:aws:chime:${REGION}:${ACCOUNT}:sma/\${${smaId}.SipMediaApplicationId}`;
const FROM_THIS_SMA = { StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': SMA_ARN } };

const PROMPTS = [
  'thisCallIsBeingRecorded.wav',
  'connectingYou.wav',
  'enterNumberToDial.wav',
  'sorryIDidntGetThat.wav',
  'recordingPaused.wav',
  'recordingResumed.wav',
  'recordingStopped.wav',
  'unableToConnect.wav',
  'recordingUnavailable.wav',
];

/** A policy statement with its intrinsics rendered as text (see render()). */
function plain(statement: Record<string, any>): Record<string, any> {
  const conditions: Record<string, Record<string, string>> = {};
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    conditions[operator] = Object.fromEntries(Object.entries(keys as object).map(([k, v]) => [k, render(v)]));
  }
  return {
    ...statement,
    Action: asList(statement.Action),
    Resource: asList(statement.Resource).map(render),
    ...(statement.Condition ? { Condition: conditions } : {}),
  };
}

function bucketPolicyStatements(bucketId: string): Record<string, any>[] {
  const policies = Object.values(resourcesOf(json, 'AWS::S3::BucketPolicy')).filter((p) => p.Properties.Bucket.Ref === bucketId);
  assert.equal(policies.length, 1, `one bucket policy for ${bucketId}`);
  return policies[0].Properties.PolicyDocument.Statement.map(plain);
}

describe('deployment parameters', () => {
  it('takes the source phone as a parameter validated as a North American E.164 number', () => {
    template.hasParameter('SourcePhone', { Type: 'String', AllowedPattern: SOURCE_PHONE_PATTERN });
    assert.equal(json.Parameters.SourcePhone.Default, undefined, 'no default owner');
    const pattern = new RegExp(SOURCE_PHONE_PATTERN);
    for (const good of ['+13125550100', '+12065550123', '+19995550000']) assert.ok(pattern.test(good), good);
    for (const bad of ['3125550100', '+1312555010', '+131255501000', '+11125550100', '+13121550100', '+443125550100', '+1 312 555 0100', '']) {
      assert.ok(!pattern.test(bad), bad);
    }
  });

  it('chooses the flow at deployment time, recording by default', () => {
    template.hasParameter('Flow', { Type: 'String', Default: 'recording', AllowedPattern: '^[a-z][a-z0-9_-]{0,63}$' });
  });

  it('has the recording prefix and log level as parameters with the documented defaults', () => {
    template.hasParameter('RecordingPrefix', { Default: 'originalAudio' });
    template.hasParameter('LogLevel', { Default: 'info', AllowedValues: ['info', 'debug'] });
  });

  it('stores the source phone in Parameter Store', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Type: 'String',
      Name: '/SmaOnDemandRecording/sourcePhone',
      Value: { Ref: 'SourcePhone' },
    });
  });
});

describe('buckets', () => {
  it('creates exactly the prompts and recordings buckets', () => {
    assert.deepEqual(Object.keys(resourcesOf(json, 'AWS::S3::Bucket')).sort(), [promptsBucketId, recordingsBucketId].sort());
  });

  for (const [name, id] of [['prompts', promptsBucketId], ['recordings', recordingsBucketId]] as const) {
    it(`blocks public access to the ${name} bucket, encrypts it and disables ACLs`, () => {
      const bucket = json.Resources[id].Properties;
      assert.deepEqual(bucket.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      assert.deepEqual(bucket.BucketEncryption, {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      assert.deepEqual(bucket.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      assert.equal(bucket.BucketName, undefined, 'generated name, so several applications can be deployed');
    });

    it(`refuses requests to the ${name} bucket without TLS`, () => {
      const deny = bucketPolicyStatements(id).filter((s) => s.Effect === 'Deny');
      assert.deepEqual(deny, [
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['s3:*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: [`\${${id}.Arn}`, `\${${id}.Arn}/*`],
        },
      ]);
    });

    it(`empties the ${name} bucket when the stack is deleted`, () => {
      assert.equal((json.Resources[id] as any).DeletionPolicy, 'Delete');
      template.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: id } });
    });
  }

  it('lets only this SIP media application read the prompts', () => {
    const grants = bucketPolicyStatements(promptsBucketId).filter((s) => s.Principal?.Service === SMA_PRINCIPAL);
    assert.deepEqual(grants, [
      {
        Sid: 'SipMediaApplicationReadsPrompts',
        Effect: 'Allow',
        Principal: { Service: SMA_PRINCIPAL },
        Action: ['s3:GetObject'],
        Resource: [`\${${promptsBucketId}.Arn}/*`],
        Condition: FROM_THIS_SMA,
      },
    ]);
  });

  it('lets only this SIP media application write recordings, under the recording prefix', () => {
    const grants = bucketPolicyStatements(recordingsBucketId).filter((s) => s.Principal?.Service === SMA_PRINCIPAL);
    assert.deepEqual(grants, [
      {
        Sid: 'SipMediaApplicationWritesRecordings',
        Effect: 'Allow',
        Principal: { Service: SMA_PRINCIPAL },
        Action: ['s3:PutObject', 's3:PutObjectAcl'],
        Resource: [`\${${recordingsBucketId}.Arn}/\${RecordingPrefix}/*`],
        Condition: FROM_THIS_SMA,
      },
    ]);
  });

  it('grants nothing to anyone else except the stack-deletion cleanup', () => {
    for (const id of [promptsBucketId, recordingsBucketId]) {
      for (const statement of bucketPolicyStatements(id).filter((s) => s.Effect === 'Allow')) {
        if (statement.Principal.Service === SMA_PRINCIPAL) continue;
        assert.match(render(statement.Principal.AWS), /^\$\{CustomS3AutoDeleteObjectsCustomResourceProviderRole\w+\.Arn\}$/);
      }
    }
  });
});

describe('prompts', () => {
  it('deploys the prompt files to the prompts bucket as audio/wav', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: promptsBucketId },
      SystemMetadata: { 'content-type': 'audio/wav' },
      Prune: true,
    });
  });

  it('ships the nine prompts of the recording flow and only WAV files', () => {
    const deployment = Object.values(resourcesOf(json, 'Custom::CDKBucketDeployment'))[0];
    const key: string = deployment.Properties.SourceObjectKeys[0];
    const staged = path.join(base.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    assert.deepEqual(fs.readdirSync(staged).sort(), [...PROMPTS].sort());
  });

  it('keeps every prompt as 8 kHz, 16-bit, mono PCM with its text listed in prompts.tsv', () => {
    const dir = path.join(WORKSPACE_ROOT, 'flows', 'prompts');
    const listed = fs
      .readFileSync(path.join(dir, 'prompts.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.trim())
      .map((line) => line.split('\t'));
    assert.deepEqual(listed.map(([file]) => file).sort(), [...PROMPTS].sort());
    for (const [file, text] of listed) {
      assert.ok(text && text.trim().length > 3, `${file} has its sentence`);
      const wav = fs.readFileSync(path.join(dir, file));
      assert.equal(wav.toString('ascii', 0, 4), 'RIFF', file);
      assert.equal(wav.toString('ascii', 8, 12), 'WAVE', file);
      assert.equal(wav.toString('ascii', 12, 16), 'fmt ', file);
      assert.equal(wav.readUInt16LE(20), 1, `${file}: PCM`);
      assert.equal(wav.readUInt16LE(22), 1, `${file}: mono`);
      assert.equal(wav.readUInt32LE(24), 8000, `${file}: 8 kHz`);
      assert.equal(wav.readUInt16LE(34), 16, `${file}: 16-bit`);
    }
  });
});

describe('call records table', () => {
  it('is keyed by callID, billed on demand, expires records by TTL and keeps point-in-time recovery', () => {
    assert.equal(Object.keys(resourcesOf(json, 'AWS::DynamoDB::Table')).length, 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'callID', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'callID', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'TTL', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    assert.equal(json.Resources[tableId].Properties.ProvisionedThroughput, undefined);
  });
});

describe('handler', () => {
  const handler = json.Resources[handlerId].Properties;

  it('runs the Rust bootstrap on provided.al2023, arm64', () => {
    assert.equal(handler.Runtime, 'provided.al2023');
    assert.deepEqual(handler.Architectures, ['arm64']);
    assert.equal(handler.Handler, 'bootstrap');
    assert.equal(handler.Timeout, 5);
  });

  it('gets the complete environment, FLOW from the deployment parameter', () => {
    const secretIds = Object.keys(json.Resources).filter((id) => json.Resources[id].Type === 'AWS::SecretsManager::Secret');
    assert.equal(secretIds.length, 1);
    assert.deepEqual(Object.fromEntries(Object.entries(handler.Environment.Variables).map(([k, v]) => [k, render(v)])), {
      SOURCE_PHONE: '${SourcePhone}',
      WAV_BUCKET: `\${${promptsBucketId}}`,
      RECORDING_BUCKET: `\${${recordingsBucketId}}`,
      CALL_RECORDS_TABLE: `\${${tableId}}`,
      RECORDING_PREFIX: '${RecordingPrefix}',
      LOG_LEVEL: '${LogLevel}',
      FLOW: '${Flow}',
      STATE_KEY: `{{resolve:secretsmanager:\${${secretIds[0]}}:SecretString:::}}`,
    });
  });

  it('seals call state with a key generated once for the stack (64 characters)', () => {
    const [secret] = Object.values(json.Resources).filter((r: any) => r.Type === 'AWS::SecretsManager::Secret') as any[];
    assert.equal(secret.Properties.GenerateSecretString.PasswordLength, 64);
    assert.equal(secret.Properties.GenerateSecretString.ExcludePunctuation, true);
  });

  it('logs to its own log group with a retention period', () => {
    const logGroupId = handler.LoggingConfig.LogGroup.Ref as string;
    assert.equal(json.Resources[logGroupId].Type, 'AWS::Logs::LogGroup');
    assert.equal(json.Resources[logGroupId].Properties.RetentionInDays, 30);
  });

  it('has a role that writes call records (reading back only its own item) and its logs, and nothing else', () => {
    const roleId = handler.Role['Fn::GetAtt'][0] as string;
    const role = json.Resources[roleId].Properties;
    assert.equal(role.ManagedPolicyArns, undefined, 'no managed policies (the original had chime:* on *)');
    assert.deepEqual(role.AssumeRolePolicyDocument.Statement, [
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    const statements = iamStatements(json).filter((s) => s.owner.startsWith('HandlerRole')).map((s) => plain(s.statement));
    assert.deepEqual(statements, [
      {
        Sid: 'WriteCallRecords',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: [`\${${tableId}.Arn}`],
      },
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`\${${handler.LoggingConfig.LogGroup.Ref}.Arn}`],
      },
    ]);
  });

  it('can be invoked by this SIP media application only', () => {
    const permissions = Object.values(resourcesOf(json, 'AWS::Lambda::Permission'));
    assert.equal(permissions.length, 1);
    const permission = permissions[0].Properties;
    assert.equal(permission.Action, 'lambda:InvokeFunction');
    assert.equal(permission.Principal, SMA_PRINCIPAL);
    assert.equal(render(permission.FunctionName), `\${${handlerId}.Arn}`);
    assert.equal(render(permission.SourceAccount), ACCOUNT);
    assert.equal(render(permission.SourceArn), SMA_ARN);
  });

  it('can fall back to an account-wide invoke permission', () => {
    const { json: accountWide } = synth({ invokeScope: 'account' });
    const permission = Object.values(resourcesOf(accountWide, 'AWS::Lambda::Permission'))[0].Properties;
    assert.equal(render(permission.SourceAccount), ACCOUNT);
    assert.equal(permission.SourceArn, undefined);
  });
});

describe('SIP media application, phone number and SIP rule', () => {
  it('creates the SIP media application on the handler', () => {
    template.hasResourceProperties('AWS::Chime::SipMediaApplication', {
      Name: 'SmaOnDemandRecording',
      AwsRegion: REGION,
      Endpoints: [{ LambdaArn: { 'Fn::GetAtt': [handlerId, 'Arn'] } }],
    });
  });

  it('orders a local number for SIP media application dial-in, in Illinois by default', () => {
    const number = json.Resources[numberId].Properties;
    assert.deepEqual(
      { ...number, ServiceToken: undefined },
      { ServiceToken: undefined, Kind: 'PhoneNumber', Name: 'SmaOnDemandRecording', Country: 'US', PhoneNumberType: 'Local', State: 'IL' },
    );
  });

  it('orders in the area code asked for', () => {
    const { json: other } = synth({ phoneAreaCode: '206' });
    const number = Object.values(resourcesOf(other, 'Custom::ChimePhoneNumber'))[0].Properties;
    assert.equal(number.AreaCode, '206');
    assert.equal(number.State, undefined);
  });

  it('routes calls to the number to the SIP media application', () => {
    template.hasResourceProperties('Custom::ChimeSipRule', {
      Kind: 'SipRule',
      TriggerValue: { 'Fn::GetAtt': [numberId, 'PhoneNumber'] },
      SipMediaApplicationId: { 'Fn::GetAtt': [smaId, 'SipMediaApplicationId'] },
      AwsRegion: REGION,
      NamePrefix: 'SmaOnDemandRecording',
    });
  });

  it('serves both custom resources from the provider framework in front of the Python provider', () => {
    const frameworkId = logicalId(json, 'AWS::Lambda::Function', 'PstnProviderframeworkonEvent');
    for (const type of ['Custom::ChimePhoneNumber', 'Custom::ChimeSipRule']) {
      template.hasResourceProperties(type, { ServiceToken: { 'Fn::GetAtt': [frameworkId, 'Arn'] } });
    }
    const onEventId = logicalId(json, 'AWS::Lambda::Function', 'PstnProviderOnEvent');
    const onEvent = json.Resources[onEventId].Properties;
    assert.equal(onEvent.Runtime, 'python3.13');
    assert.equal(onEvent.Handler, 'chime_resources.on_event');
    assert.equal(onEvent.Timeout, 600);
    const framework = json.Resources[frameworkId].Properties;
    assert.match(render(framework.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN), new RegExp(`^\\$\\{${onEventId}\\.Arn\\}$`));
  });

  it('packages only the provider module, not its tests', () => {
    const onEventId = logicalId(json, 'AWS::Lambda::Function', 'PstnProviderOnEvent');
    const key = render(json.Resources[onEventId].Properties.Code.S3Key).replace(/\.zip$/, '');
    assert.deepEqual(fs.readdirSync(path.join(base.outdir, `asset.${key}`)), ['chime_resources.py']);
  });

  it("gives the provider exactly the Chime SDK Voice actions it calls, in the stack's region", () => {
    const statements = iamStatements(json)
      .filter((s) => s.owner.startsWith('PstnProviderOnEventRole'))
      .map((s) => plain(s.statement));
    const chime = statements.filter((s) => s.Sid === 'ManagePstnResources');
    assert.deepEqual(chime, [
      {
        Sid: 'ManagePstnResources',
        Effect: 'Allow',
        Action: [...PSTN_PROVIDER_CHIME_ACTIONS].sort(),
        Resource: ['*'],
        Condition: { StringEquals: { 'aws:RequestedRegion': REGION } },
      },
    ]);
    assert.deepEqual(
      statements.filter((s) => s.Sid !== 'ManagePstnResources').map((s) => s.Action),
      [['logs:CreateLogStream', 'logs:PutLogEvents']],
    );
  });
});

describe('least privilege across the stack', () => {
  const statements = iamStatements(json).map((s) => ({ owner: s.owner, statement: plain(s.statement) }));

  it('grants no wildcard actions', () => {
    for (const { owner, statement } of statements) {
      for (const action of statement.Action) {
        assert.ok(action !== '*' && !/^[a-z0-9-]+:\*$/.test(action), `${owner} grants ${action}`);
      }
    }
  });

  it('uses Resource "*" only for the Chime SDK Voice actions that require it', () => {
    const star = statements.filter(({ statement }) => statement.Resource.includes('*'));
    assert.deepEqual(star.map(({ statement }) => statement.Sid), ['ManagePstnResources']);
    for (const action of star[0].statement.Action) assert.ok(PSTN_PROVIDER_CHIME_ACTIONS.includes(action), action);
  });

  it('grants Chime actions to the provider only', () => {
    const chimeOwners = statements.filter(({ statement }) => statement.Action.some((a: string) => a.startsWith('chime:')));
    assert.deepEqual([...new Set(chimeOwners.map(({ owner }) => owner))].map((o) => o.replace(/[0-9A-F]{8}$/, '')), ['PstnProviderOnEventRoleDefaultPolicy']);
  });

  it('attaches the AWS managed logging policy only to the CDK bucket-cleanup provider', () => {
    const withManaged = Object.entries(resourcesOf(json, 'AWS::IAM::Role'))
      .filter(([, role]) => role.Properties.ManagedPolicyArns)
      .map(([id]) => id);
    assert.equal(withManaged.length, 1);
    assert.match(withManaged[0], /^CustomS3AutoDeleteObjectsCustomResourceProviderRole/);
  });

  it('runs every function on a runtime Lambda still accepts for new functions after 2027-02-01', () => {
    const runtimes = new Set(Object.values(resourcesOf(json, 'AWS::Lambda::Function')).map((f) => f.Properties.Runtime as string));
    for (const runtime of runtimes) {
      assert.ok(['provided.al2023', 'python3.13', 'python3.14', 'nodejs22.x', 'nodejs24.x'].includes(runtime), runtime);
    }
    assert.ok(!runtimes.has('nodejs18.x'));
  });
});

describe('outputs and settings', () => {
  it('outputs the recording bucket and the recording number', () => {
    template.hasOutput('recordingBucket', { Value: { Ref: recordingsBucketId } });
    template.hasOutput('recordingNumber', { Value: { 'Fn::GetAtt': [numberId, 'PhoneNumber'] } });
    template.hasOutput('sipMediaApplicationId', Match.anyValue());
  });

  it('deploys another application beside this one under another stack name', () => {
    const { template: other, stack } = synth({ stackName: 'SmaVoicemail' });
    assert.equal(stack.stackName, 'SmaVoicemail');
    other.hasResourceProperties('AWS::SSM::Parameter', { Name: '/SmaVoicemail/sourcePhone' });
    other.hasResourceProperties('AWS::Chime::SipMediaApplication', { Name: 'SmaVoicemail' });
    for (const [type, nameProperty] of [
      ['AWS::DynamoDB::Table', 'TableName'],
      ['AWS::Lambda::Function', 'FunctionName'],
    ]) {
      for (const resource of Object.values(resourcesOf(json, type))) assert.equal(resource.Properties[nameProperty], undefined);
    }
  });

  it('refuses to synthesise without the handler build, saying how to make it', () => {
    assert.throws(() => synth({ handlerAsset: path.join(base.outdir, 'no-build-here') }), /cargo lambda build --release --arm64 --bin handler/);
  });

  it('synthesises without the build for stack removal', () => {
    const { json: forDestroy } = synth({ handlerAsset: path.join(base.outdir, 'no-build-here'), requireHandlerBuild: 'false' });
    assert.ok(logicalId(forDestroy, 'AWS::Lambda::Function', 'Handler'));
  });

  it('rejects malformed settings', () => {
    assert.throws(() => synth({ phoneAreaCode: '12' }), /phoneAreaCode/);
    assert.throws(() => synth({ region: 'moon' }), /region/);
    assert.throws(() => synth({ phoneCity: 'Chicago' }), /phoneState/);
    assert.throws(() => synth({ invokeScope: 'world' }), /invokeScope/);
    assert.throws(() => synth({ logRetentionDays: '31' }), /logRetentionDays/);
  });
});
