// The synthesised template: every resource the application needs, and no more access than it needs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SOURCE_PHONE_PATTERN, builtInFlows } from '../lib/flows';
import { OPERATOR_ONLY_SIP_RULE_ACTIONS, PSTN_PROVIDER_SMA_ACTIONS, PSTN_PROVIDER_UNSCOPED_ACTIONS } from '../lib/pstn';
import { WORKSPACE_ROOT } from '../lib/settings';
import { SMA_PRINCIPAL } from '../lib/sma-flow-stack';
import { ACCOUNT, REGION, asList, iamStatements, logicalId, render, resourcesOf, synth } from './helpers';

const base = synth();
const { template, json } = base;
// scripts/test lints this very template with cfn-lint rather than synthesising it once more.
if (process.env.SMA_FLOW_TEMPLATE_OUT) fs.writeFileSync(process.env.SMA_FLOW_TEMPLATE_OUT, JSON.stringify(json, null, 1));

const smaId = logicalId(json, 'AWS::Chime::SipMediaApplication', 'SipMediaApplication');
const handlerId = logicalId(json, 'AWS::Lambda::Function', 'Handler');
const promptsBucketId = logicalId(json, 'AWS::S3::Bucket', 'PromptsBucket');
const recordingsBucketId = logicalId(json, 'AWS::S3::Bucket', 'RecordingsBucket');
const tableId = logicalId(json, 'AWS::DynamoDB::Table', 'CallRecords');
const numberId = logicalId(json, 'Custom::ChimePhoneNumber', 'RecordingNumber');
const frameworkId = logicalId(json, 'AWS::Lambda::Function', 'PstnProviderframeworkonEvent');
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
  'enterYourPin.wav',
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

  it("has exactly the recording flow's own variables as parameters, plus the log level", () => {
    assert.deepEqual(Object.keys(json.Parameters).filter((p) => !p.startsWith('BootstrapVersion')).sort(), ['LogLevel', 'OwnerPin', 'RecordingPrefix', 'SourcePhone']);
    // The owner's PIN never shows in the console or the API, and only digits are accepted.
    template.hasParameter('OwnerPin', { NoEcho: true, Default: '', AllowedPattern: '^([0-9]{4,12})?$' });
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

    it(`empties the ${name} bucket when the stack is deleted, after the SIP media application is gone`, () => {
      assert.equal((json.Resources[id] as any).DeletionPolicy, 'Delete');
      const emptying = Object.entries(resourcesOf(json, 'Custom::EmptyBucket')).filter(([, r]) => r.Properties.BucketName.Ref === id);
      assert.equal(emptying.length, 1);
      assert.deepEqual(emptying[0][1].Properties, { ServiceToken: { 'Fn::GetAtt': [frameworkId, 'Arn'] }, Kind: 'EmptyBucket', BucketName: { Ref: id } });
      assert.ok(json.Resources[smaId].DependsOn?.includes(emptying[0][0]), 'the SIP media application goes first');
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

  it('grants nothing to anyone else', () => {
    for (const id of [promptsBucketId, recordingsBucketId]) {
      const allowed = bucketPolicyStatements(id).filter((s) => s.Effect === 'Allow');
      assert.deepEqual(allowed.map((s) => s.Principal), [{ Service: SMA_PRINCIPAL }]);
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

  it('ships the ten prompts of the recording flow and only WAV files', () => {
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

  it("gets exactly the flow's declared variables and the handler's own", () => {
    const secretIds = Object.keys(json.Resources).filter((id) => json.Resources[id].Type === 'AWS::SecretsManager::Secret');
    assert.equal(secretIds.length, 1);
    assert.deepEqual(Object.fromEntries(Object.entries(handler.Environment.Variables).map(([k, v]) => [k, render(v)])), {
      SOURCE_PHONE: '${SourcePhone}',
      WAV_BUCKET: `\${${promptsBucketId}}`,
      RECORDING_BUCKET: `\${${recordingsBucketId}}`,
      CALL_RECORDS_TABLE: `\${${tableId}}`,
      RECORDING_PREFIX: '${RecordingPrefix}',
      OWNER_PIN: '${OwnerPin}',
      LOG_LEVEL: '${LogLevel}',
      FLOW: 'recording',
      STATE_KEY: `{{resolve:secretsmanager:\${${secretIds[0]}}:SecretString:::}}`,
    });
    const declared = builtInFlows().find((f) => f.name === 'recording')!.config.map((c) => c.env);
    assert.deepEqual(
      Object.keys(handler.Environment.Variables).filter((k) => !['FLOW', 'CALL_RECORDS_TABLE', 'LOG_LEVEL', 'STATE_KEY'].includes(k)).sort(),
      [...declared].sort(),
    );
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
        Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
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

  it("turns on the SIP media application's message logs", () => {
    const logging = Object.values(resourcesOf(json, 'Custom::ChimeSipMediaApplicationLogging'));
    assert.deepEqual(
      logging.map((r) => r.Properties),
      [{ ServiceToken: { 'Fn::GetAtt': [frameworkId, 'Arn'] }, Kind: 'SmaLogging', SipMediaApplicationId: { 'Fn::GetAtt': [smaId, 'SipMediaApplicationId'] } }],
    );
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

  it('uses a number the account owns instead of ordering one', () => {
    const { json: other } = synth({ phoneNumber: '+13125550199' });
    const number = Object.values(resourcesOf(other, 'Custom::ChimePhoneNumber'))[0].Properties;
    assert.equal(number.ExistingNumber, '+13125550199');
    assert.equal(number.NumberRequest, undefined);
  });

  it('passes a request for a new number to the provider, which otherwise keeps the published one', () => {
    const { json: other } = synth({ newNumber: '20261206T100000Z' });
    assert.equal(Object.values(resourcesOf(other, 'Custom::ChimePhoneNumber'))[0].Properties.NumberRequest, '20261206T100000Z');
    assert.equal(json.Resources[numberId].Properties.NumberRequest, undefined);
  });

  it('creates the rule and the logging setting only once the provider may act on the SIP media application', () => {
    const grant = logicalId(json, 'AWS::IAM::Policy', 'PstnProviderSipMediaApplicationPolicy');
    for (const type of ['Custom::ChimeSipRule', 'Custom::ChimeSipMediaApplicationLogging']) {
      const [resource] = Object.values(resourcesOf(json, type));
      assert.ok(resource.DependsOn?.includes(grant), type);
    }
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

  it('serves every custom resource from the provider framework in front of the Python provider', () => {
    const custom = Object.values(json.Resources).filter((r) => r.Type.startsWith('Custom::') && r.Type !== 'Custom::CDKBucketDeployment');
    assert.deepEqual(
      [...new Set(custom.map((r) => r.Type))].sort(),
      ['Custom::ChimePhoneNumber', 'Custom::ChimeSipMediaApplicationLogging', 'Custom::ChimeSipRule', 'Custom::EmptyBucket'],
    );
    for (const resource of custom) assert.deepEqual(resource.Properties.ServiceToken, { 'Fn::GetAtt': [frameworkId, 'Arn'] });
    const onEventId = logicalId(json, 'AWS::Lambda::Function', 'PstnProviderOnEvent');
    const onEvent = json.Resources[onEventId].Properties;
    assert.equal(onEvent.Runtime, 'python3.13');
    assert.equal(onEvent.Handler, 'chime_resources.on_event');
    assert.equal(onEvent.Timeout, 600);
    const framework = json.Resources[frameworkId].Properties;
    assert.match(render(framework.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN), new RegExp(`^\\$\\{${onEventId}\\.Arn\\}$`));
  });

  it('packages only the provider modules, not their tests', () => {
    const onEventId = logicalId(json, 'AWS::Lambda::Function', 'PstnProviderOnEvent');
    const key = render(json.Resources[onEventId].Properties.Code.S3Key).replace(/\.zip$/, '');
    assert.deepEqual(fs.readdirSync(path.join(base.outdir, `asset.${key}`)).sort(), ['buckets.py', 'chime_resources.py']);
  });

  it('gives the provider exactly the actions it calls, each on the narrowest resource IAM allows', () => {
    const statements = iamStatements(json)
      .filter((s) => /^PstnProvider(OnEventRole|SipMediaApplicationPolicy)/.test(s.owner))
      .map((s) => plain(s.statement));
    const bucketArns = [`\${${promptsBucketId}.Arn}`, `\${${recordingsBucketId}.Arn}`];
    const bySid = Object.fromEntries(statements.map(({ Sid, ...rest }) => [Sid, rest]));
    assert.equal(statements.length, 5);
    assert.deepEqual(bySid, {
      ManagePhoneNumbers: {
        Effect: 'Allow',
        Action: [...PSTN_PROVIDER_UNSCOPED_ACTIONS].sort(),
        Resource: ['*'],
        Condition: { StringEquals: { 'aws:RequestedRegion': REGION } },
      },
      ManageThisSipMediaApplication: { Effect: 'Allow', Action: [...PSTN_PROVIDER_SMA_ACTIONS].sort(), Resource: [SMA_ARN] },
      ListBuckets: { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucketArns },
      EmptyBuckets: { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: bucketArns.map((arn) => `${arn}/*`) },
      WriteOwnLogs: { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: bySid.WriteOwnLogs.Resource },
    });
    assert.match(bySid.WriteOwnLogs.Resource[0], /^\$\{PstnProviderOnEventLogs\w+\.Arn\}$/);
  });
});

describe('prompt upload', () => {
  const roleId = logicalId(json, 'AWS::IAM::Role', 'PromptDeploymentRole');
  const statements = iamStatements(json).filter((s) => s.owner.startsWith('PromptDeploymentRole')).map((s) => plain(s.statement));

  it("reads only the prompts' own asset object and writes only the prompts bucket", () => {
    const deployment = Object.values(resourcesOf(json, 'Custom::CDKBucketDeployment'))[0].Properties;
    const assetObject = `arn:aws:s3:::${render(deployment.SourceBucketNames[0])}/${render(deployment.SourceObjectKeys[0])}`;
    assert.deepEqual(
      statements.filter((s) => s.Sid !== 'WriteOwnLogs'),
      [
        { Sid: 'ReadPromptFiles', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [assetObject] },
        { Sid: 'ListPromptsBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`\${${promptsBucketId}.Arn}`] },
        { Sid: 'WritePrompts', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:PutObject'], Resource: [`\${${promptsBucketId}.Arn}/*`] },
      ],
    );
    assert.ok(json.Resources[roleId]);
  });
});

describe('least privilege across the stack', () => {
  const statements = iamStatements(json).map((s) => ({ owner: s.owner, statement: plain(s.statement) }));
  const bucketPolicies = [promptsBucketId, recordingsBucketId].flatMap((id) => bucketPolicyStatements(id).map((statement) => ({ owner: id, statement })));

  it('grants no wildcard actions, in IAM policies or bucket policies', () => {
    for (const { owner, statement } of [...statements, ...bucketPolicies]) {
      if (statement.Effect === 'Deny') continue; // the TLS-only statement denies every action on purpose
      for (const action of statement.Action) {
        assert.ok(!action.includes('*') && !action.includes('?'), `${owner} grants ${action}`);
      }
    }
  });

  it('uses Resource "*" only for the Chime SDK Voice actions that have no resource type', () => {
    const star = statements.filter(({ statement }) => statement.Resource.includes('*'));
    assert.deepEqual(star.map(({ statement }) => statement.Sid), ['ManagePhoneNumbers']);
    for (const action of star[0].statement.Action) assert.ok(PSTN_PROVIDER_UNSCOPED_ACTIONS.includes(action), action);
    for (const action of ['chime:CreateSipRule', 'chime:UpdateSipRule', 'chime:PutSipMediaApplicationLoggingConfiguration']) {
      assert.ok(!star[0].statement.Action.includes(action), `${action} is scoped to the SIP media application`);
    }
  });

  it('grants no SIP-rule action on "*", and never the SIP-rule actions IAM cannot scope', () => {
    for (const { owner, statement } of statements) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of statement.Action) {
        if (/SipRule/i.test(action)) assert.ok(!statement.Resource.includes('*'), `${owner} grants ${action} on *`);
        assert.ok(!OPERATOR_ONLY_SIP_RULE_ACTIONS.includes(action), `${owner} grants ${action}`);
      }
    }
  });

  it('grants Chime actions to the provider only', () => {
    const chimeOwners = statements.filter(({ statement }) => statement.Action.some((a: string) => a.startsWith('chime:')));
    assert.deepEqual(
      [...new Set(chimeOwners.map(({ owner }) => owner))].map((o) => o.replace(/[0-9A-F]{8}$/, '')).sort(),
      ['PstnProviderOnEventRoleDefaultPolicy', 'PstnProviderSipMediaApplicationPolicy'],
    );
    const attached = Object.values(resourcesOf(json, 'AWS::IAM::Policy')).filter((p) => p.Properties.PolicyName.startsWith('PstnProviderSipMediaApplicationPolicy'));
    assert.deepEqual(attached.map((p) => render(p.Properties.Roles[0])), [`\${${logicalId(json, 'AWS::IAM::Role', 'PstnProviderOnEventRole')}}`]);
  });

  it('attaches no AWS managed policy to any role', () => {
    const withManaged = Object.entries(resourcesOf(json, 'AWS::IAM::Role')).filter(([, role]) => role.Properties.ManagedPolicyArns);
    assert.deepEqual(withManaged.map(([id]) => id), []);
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
  it('outputs what a user looks up, with their values', () => {
    const outputs = Object.fromEntries(Object.entries(json.Outputs).map(([name, o]) => [name, render(o.Value)]));
    assert.deepEqual(outputs, {
      recordingBucket: `\${${recordingsBucketId}}`,
      recordingNumber: `\${${numberId}.PhoneNumber}`,
      promptsBucket: `\${${promptsBucketId}}`,
      sipMediaApplicationId: `\${${smaId}.SipMediaApplicationId}`,
      handlerFunction: `\${${handlerId}}`,
      callRecordsTable: `\${${tableId}}`,
      sourcePhoneParameter: `\${${logicalId(json, 'AWS::SSM::Parameter', 'SourcePhoneParameter')}}`,
      sipMediaApplicationLogs: `/aws/ChimeSipMediaApplicationSipMessages/\${${smaId}.SipMediaApplicationId}`,
    });
  });

  it('deploys another application beside this one under another stack name', () => {
    const { json: other, stack } = synth({ stackName: 'SmaVoicemail' });
    assert.equal(stack.stackName, 'SmaVoicemail');
    const ssmParameters = Object.values(resourcesOf(other, 'AWS::SSM::Parameter')).map((r) => r.Properties.Name);
    assert.deepEqual(ssmParameters, ['/SmaVoicemail/sourcePhone']);
    const smas = Object.values(resourcesOf(other, 'AWS::Chime::SipMediaApplication')).map((r) => r.Properties.Name);
    assert.deepEqual(smas, ['SmaVoicemail']);
    assert.equal(Object.values(resourcesOf(other, 'Custom::ChimePhoneNumber'))[0].Properties.Name, 'SmaVoicemail');
    // Nothing has a fixed physical name, so the two stacks' resources cannot collide.
    for (const [type, nameProperty] of [
      ['AWS::S3::Bucket', 'BucketName'],
      ['AWS::DynamoDB::Table', 'TableName'],
      ['AWS::Lambda::Function', 'FunctionName'],
      ['AWS::Logs::LogGroup', 'LogGroupName'],
      ['AWS::IAM::Role', 'RoleName'],
    ]) {
      const resources = Object.values(resourcesOf(other, type));
      assert.ok(resources.length > 0, type);
      for (const resource of resources) assert.equal(resource.Properties[nameProperty], undefined, `${type} ${nameProperty}`);
    }
  });

  it('refuses to synthesise without the handler build, saying how to make it', () => {
    assert.throws(() => synth({ handlerAsset: path.join(base.outdir, 'no-build-here') }), /cargo lambda build --profile lambda-release --arm64 --bin handler/);
  });

  it('synthesises without the build for stack removal', () => {
    const { json: forDestroy } = synth({ handlerAsset: path.join(base.outdir, 'no-build-here'), requireHandlerBuild: 'false' });
    assert.ok(logicalId(forDestroy, 'AWS::Lambda::Function', 'Handler'));
  });

  it('refuses a region where not every resource exists, saying why', () => {
    assert.throws(() => synth({ region: 'us-west-2' }), /region us-west-2 is not supported: .*phone number.*SIP media application.*us-east-1/);
  });

  it('refuses a flow the handler does not have, naming the ones it has', () => {
    assert.throws(() => synth({ flow: 'no_such_flow' }), /no flow named "no_such_flow" is built into the handler \(built in: [a-z_, ]*recording/);
  });

  it('rejects malformed settings', () => {
    assert.throws(() => synth({ phoneAreaCode: '12' }), /phoneAreaCode/);
    assert.throws(() => synth({ region: 'moon' }), /region/);
    assert.throws(() => synth({ phoneCity: 'Chicago' }), /phoneState/);
    assert.throws(() => synth({ invokeScope: 'world' }), /invokeScope/);
    assert.throws(() => synth({ logRetentionDays: '31' }), /logRetentionDays/);
    assert.throws(() => synth({ phoneNumber: '3125550199' }), /phoneNumber/);
    assert.throws(() => synth({ phoneNumber: '+13125550199', phoneAreaCode: '312' }), /cannot be combined/);
    assert.throws(() => synth({ phoneNumber: '+13125550199', newNumber: 'x1' }), /cannot be combined/);
  });
});
