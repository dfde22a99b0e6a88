// The deployment of one SMA application: the flow handler, its prompts, the recordings bucket, the
// call-record table, the SIP media application, a phone number and the SIP rule that joins them.
import { ArnFormat, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as chime from 'aws-cdk-lib/aws-chime';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { STACK_PROVIDED, parameterName, parameterRule } from './flows';
import { EmptyBucket, PhoneNumber, PstnProvider, SipRule, SmaLogging, logWrites } from './pstn';
import { DeploySettings } from './settings';

/** The service principal of the PSTN audio service (SIP media applications). */
export const SMA_PRINCIPAL = 'voiceconnector.chime.amazonaws.com';

export interface SmaFlowStackProps extends StackProps {
  readonly settings: DeploySettings;
}

export class SmaFlowStack extends Stack {
  constructor(scope: Construct, id: string, props: SmaFlowStackProps) {
    super(scope, id, props);
    const { settings } = props;
    // CDK makes each function depend on its role beside the role's GetAtt; cfn-lint flags the
    // repetition (W3005), which is harmless. Every other finding of cfn-lint fails the tests.
    this.templateOptions.metadata = { 'cfn-lint': { config: { ignore_checks: ['W3005'] } } };

    // ---- deployment parameters: the chosen flow's variables that the stack does not fill in -----
    const flowParameters = new Map<string, CfnParameter>();
    for (const item of settings.flow.config) {
      if (item.env in STACK_PROVIDED) continue;
      const rule = parameterRule(item);
      flowParameters.set(
        item.env,
        new CfnParameter(this, parameterName(item.env), {
          type: 'String',
          description: `${item.env} of the flow ${settings.flow.name} (${item.type}${item.required ? ', required' : ''})`,
          ...(item.default !== undefined ? { default: item.default } : {}),
          ...rule,
        }),
      );
    }
    const logLevel = new CfnParameter(this, 'LogLevel', {
      type: 'String',
      description: "The handler's log level (LOG_LEVEL)",
      default: 'info',
      allowedValues: ['info', 'debug'],
    });

    const sourcePhone = flowParameters.get('SOURCE_PHONE');
    // Kept in Parameter Store, as the original application did, for tools and people to look up.
    const sourcePhoneParameter = sourcePhone
      ? new ssm.StringParameter(this, 'SourcePhoneParameter', {
          parameterName: `/${this.stackName}/sourcePhone`,
          description: "The owner's phone number for this SIP media application",
          stringValue: sourcePhone.valueAsString,
        })
      : undefined;

    // ---- storage --------------------------------------------------------------------------------
    const bucketBasics: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      // deploy/destroy removes everything, recordings included, as the original's destroy did: the
      // provider empties each bucket first (EmptyBucket below).
      removalPolicy: RemovalPolicy.DESTROY,
    };
    const prompts = new s3.Bucket(this, 'PromptsBucket', bucketBasics);
    const recordings = new s3.Bucket(this, 'RecordingsBucket', bucketBasics);

    const callRecords = new dynamodb.Table(this, 'CallRecords', {
      partitionKey: { name: 'callID', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'TTL',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // ---- the handler ----------------------------------------------------------------------------
    const handlerLogs = new logs.LogGroup(this, 'HandlerLogs', {
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'SMA flow handler: writes call records and its own logs, nothing else',
    });
    handlerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteCallRecords',
        // Conditional updates (an update creates the item too), plus the consistent read of the item
        // the handler does when an update's condition shows the event was delivered twice. No puts,
        // scans or deletes, no other table.
        actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        resources: [callRecords.tableArn],
      }),
    );
    handlerRole.addToPolicy(logWrites(handlerLogs));

    // The key that seals each call's state to its call (STATE_KEY). Generated once, when the stack is
    // created, and kept across updates, so a redeploy never invalidates the state of live calls.
    // CloudFormation resolves it into the function's environment at deploy time: the handler reads
    // it once at start-up and needs no access to Secrets Manager.
    const stateKey = new secrets.Secret(this, 'StateKey', {
      description: 'Seals the call state the flow handler keeps in TransactionAttributes (HMAC key)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Exactly the flow's declared variables, plus the handler's own.
    const provided: Record<string, string> = { WAV_BUCKET: prompts.bucketName, RECORDING_BUCKET: recordings.bucketName };
    const handlerEnvironment: Record<string, string> = {
      FLOW: settings.flow.name,
      CALL_RECORDS_TABLE: callRecords.tableName,
      LOG_LEVEL: logLevel.valueAsString,
      STATE_KEY: stateKey.secretValue.unsafeUnwrap(),
    };
    for (const item of settings.flow.config) {
      handlerEnvironment[item.env] = provided[item.env] ?? (flowParameters.get(item.env) as CfnParameter).valueAsString;
    }
    const handler = new lambda.Function(this, 'Handler', {
      description: 'Answers SIP media application events by running the selected flow',
      runtime: lambda.Runtime.PROVIDED_AL2023,
      architecture: lambda.Architecture.ARM_64,
      handler: 'bootstrap',
      code: lambda.Code.fromAsset(settings.handlerAssetDir),
      memorySize: 256,
      // The service waits 5 s before it retries an invocation: answer within that or not at all.
      timeout: Duration.seconds(5),
      role: handlerRole,
      logGroup: handlerLogs,
      environment: handlerEnvironment,
    });

    // ---- the SIP media application, its number and rule -----------------------------------------
    const sma = new chime.CfnSipMediaApplication(this, 'SipMediaApplication', {
      name: this.stackName,
      awsRegion: this.region,
      endpoints: [{ lambdaArn: handler.functionArn }],
    });
    const smaArn = this.formatArn({
      service: 'chime',
      resource: 'sma',
      resourceName: sma.attrSipMediaApplicationId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    // Confused-deputy protection: only this account's SIP media application acts through the grants.
    const fromThisSma = {
      StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': smaArn },
    };

    handler.addPermission('SipMediaApplicationInvoke', {
      principal: new iam.ServicePrincipal(SMA_PRINCIPAL),
      action: 'lambda:InvokeFunction',
      sourceAccount: this.account,
      ...(settings.invokeScope === 'sma' ? { sourceArn: smaArn } : {}),
    });

    prompts.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SipMediaApplicationReadsPrompts',
        principals: [new iam.ServicePrincipal(SMA_PRINCIPAL)],
        actions: ['s3:GetObject'],
        resources: [prompts.arnForObjects('*')],
        conditions: fromThisSma,
      }),
    );
    const recordingPrefix = flowParameters.get('RECORDING_PREFIX');
    recordings.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SipMediaApplicationWritesRecordings',
        principals: [new iam.ServicePrincipal(SMA_PRINCIPAL)],
        actions: ['s3:PutObject', 's3:PutObjectAcl'],
        // Under the flow's recording prefix when it has one.
        resources: [recordings.arnForObjects(recordingPrefix ? `${recordingPrefix.valueAsString}/*` : '*')],
        conditions: fromThisSma,
      }),
    );

    // The prompts, as audio/wav (the service refuses other content types). The copying function may
    // read the prompts' own asset object and write the prompts bucket, nothing else: CDK's grants
    // (the whole assets bucket, s3:*Object* patterns) are kept off its role.
    const promptFiles = new s3assets.Asset(this, 'PromptFiles', { path: settings.promptsDir, exclude: ['*', '!*.wav'] });
    const deployLogs = new logs.LogGroup(this, 'PromptDeploymentLogs', {
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deployRole = new iam.Role(this, 'PromptDeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the prompt files into the prompts bucket',
    });
    deployRole.addToPolicy(logWrites(deployLogs));
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadPromptFiles',
        actions: ['s3:GetObject'],
        resources: [promptFiles.bucket.arnForObjects(promptFiles.s3ObjectKey)],
      }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListPromptsBucket',
        actions: ['s3:ListBucket'],
        resources: [prompts.bucketArn],
      }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WritePrompts',
        // prune: true deletes prompts that are no longer shipped.
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [prompts.arnForObjects('*')],
      }),
    );
    new s3deploy.BucketDeployment(this, 'Prompts', {
      sources: [s3deploy.Source.bucket(promptFiles.bucket, promptFiles.s3ObjectKey)],
      destinationBucket: prompts,
      contentType: 'audio/wav',
      prune: true,
      role: deployRole.withoutPolicyUpdates(),
      logGroup: deployLogs,
    });

    const provider = new PstnProvider(this, 'PstnProvider', {
      logRetention: settings.logRetentionDays,
      sipMediaApplicationArn: smaArn,
      buckets: [prompts, recordings],
    });
    const number = new PhoneNumber(this, 'RecordingNumber', {
      provider,
      search: settings.phoneNumber,
      existingNumber: settings.existingNumber,
      newNumberRequest: settings.newNumberRequest,
      name: this.stackName,
    });
    new SipRule(this, 'SipRule', {
      provider,
      phoneNumber: number.e164,
      sipMediaApplicationId: sma.attrSipMediaApplicationId,
      namePrefix: this.stackName,
    });
    // Message logs in CloudWatch Logs, log group /aws/ChimeSipMediaApplicationSipMessages/<id>.
    new SmaLogging(this, 'SipMediaApplicationLogs', { provider, sipMediaApplicationId: sma.attrSipMediaApplicationId });

    // Emptied on deletion, after the SIP media application that writes to them is gone (CloudFormation
    // deletes in the reverse order of dependencies).
    for (const [id, bucket] of [['EmptyPromptsBucket', prompts], ['EmptyRecordingsBucket', recordings]] as const) {
      sma.node.addDependency(new EmptyBucket(this, id, { provider, bucket }));
    }

    // ---- outputs --------------------------------------------------------------------------------
    new CfnOutput(this, 'recordingBucket', {
      value: recordings.bucketName,
      description: 'Recordings land here (the input bucket for Amazon Transcribe Post Call Analytics)',
    });
    new CfnOutput(this, 'recordingNumber', {
      value: number.e164,
      description: 'Call this number; from the source phone it dials out, from anyone else it rings the owner',
    });
    new CfnOutput(this, 'promptsBucket', { value: prompts.bucketName });
    new CfnOutput(this, 'sipMediaApplicationId', { value: sma.attrSipMediaApplicationId });
    new CfnOutput(this, 'handlerFunction', { value: handler.functionName });
    new CfnOutput(this, 'callRecordsTable', { value: callRecords.tableName });
    if (sourcePhoneParameter) new CfnOutput(this, 'sourcePhoneParameter', { value: sourcePhoneParameter.parameterName });
    new CfnOutput(this, 'sipMediaApplicationLogs', {
      value: `/aws/ChimeSipMediaApplicationSipMessages/${sma.attrSipMediaApplicationId}`,
      description: "The SIP media application's message logs (CloudWatch Logs)",
    });
  }
}
