// The deployment of one SMA application: the flow handler, its prompts, the recordings bucket, the
// call-record table, the SIP media application, a phone number and the SIP rule that joins them.
import { ArnFormat, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as chime from 'aws-cdk-lib/aws-chime';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { PhoneNumber, PstnProvider, SipRule, logWrites } from './pstn';
import { DeploySettings, FLOW_NAME_PATTERN, RECORDING_PREFIX_PATTERN, SOURCE_PHONE_PATTERN } from './settings';

/** The service principal of the PSTN audio service (SIP media applications). */
export const SMA_PRINCIPAL = 'voiceconnector.chime.amazonaws.com';

export interface SmaFlowStackProps extends StackProps {
  readonly settings: DeploySettings;
}

export class SmaFlowStack extends Stack {
  constructor(scope: Construct, id: string, props: SmaFlowStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // ---- deployment parameters ------------------------------------------------------------------
    const sourcePhone = new CfnParameter(this, 'SourcePhone', {
      type: 'String',
      description: "The owner's phone (SOURCE_PHONE), E.164: +1 then a 10-digit North American number",
      allowedPattern: SOURCE_PHONE_PATTERN,
      constraintDescription: 'must be +1 followed by 10 digits, area code and exchange not starting with 0 or 1',
    });
    const flow = new CfnParameter(this, 'Flow', {
      type: 'String',
      description: 'The flow the handler runs (FLOW): the name of a flow compiled into the handler',
      default: 'recording',
      allowedPattern: FLOW_NAME_PATTERN,
      constraintDescription: 'must be a flow name: lower-case letters, digits, "-" and "_"',
    });
    const recordingPrefix = new CfnParameter(this, 'RecordingPrefix', {
      type: 'String',
      description: 'Key prefix for recordings (RECORDING_PREFIX); originalAudio is what Post Call Analytics reads',
      default: 'originalAudio',
      allowedPattern: RECORDING_PREFIX_PATTERN,
    });
    const logLevel = new CfnParameter(this, 'LogLevel', {
      type: 'String',
      description: "The handler's log level (LOG_LEVEL)",
      default: 'info',
      allowedValues: ['info', 'debug'],
    });

    // Kept in Parameter Store, as the original application did, for tools and people to look up.
    const sourcePhoneParameter = new ssm.StringParameter(this, 'SourcePhoneParameter', {
      parameterName: `/${this.stackName}/sourcePhone`,
      description: "The owner's phone number for this SIP media application",
      stringValue: sourcePhone.valueAsString,
    });

    // ---- storage --------------------------------------------------------------------------------
    const bucketBasics: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      // deploy/destroy removes everything, recordings included, as the original's destroy did.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
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
        // Conditional updates, plus the consistent read of the item the handler does when an update's
        // condition shows the event was delivered twice. No scans, no deletes, no other table.
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'],
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
      environment: {
        SOURCE_PHONE: sourcePhone.valueAsString,
        WAV_BUCKET: prompts.bucketName,
        RECORDING_BUCKET: recordings.bucketName,
        CALL_RECORDS_TABLE: callRecords.tableName,
        RECORDING_PREFIX: recordingPrefix.valueAsString,
        LOG_LEVEL: logLevel.valueAsString,
        FLOW: flow.valueAsString,
        STATE_KEY: stateKey.secretValue.unsafeUnwrap(),
      },
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
    recordings.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SipMediaApplicationWritesRecordings',
        principals: [new iam.ServicePrincipal(SMA_PRINCIPAL)],
        actions: ['s3:PutObject', 's3:PutObjectAcl'],
        resources: [recordings.arnForObjects(`${recordingPrefix.valueAsString}/*`)],
        conditions: fromThisSma,
      }),
    );

    // The prompts, as audio/wav (the service refuses other content types).
    const deployLogs = new logs.LogGroup(this, 'PromptDeploymentLogs', {
      retention: settings.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deployRole = new iam.Role(this, 'PromptDeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the prompt files into the prompts bucket',
    });
    deployRole.addToPolicy(logWrites(deployLogs));
    new s3deploy.BucketDeployment(this, 'Prompts', {
      sources: [s3deploy.Source.asset(settings.promptsDir, { exclude: ['*', '!*.wav'] })],
      destinationBucket: prompts,
      contentType: 'audio/wav',
      prune: true,
      role: deployRole,
      logGroup: deployLogs,
    });

    const provider = new PstnProvider(this, 'PstnProvider', { logRetention: settings.logRetentionDays });
    const number = new PhoneNumber(this, 'RecordingNumber', {
      provider,
      search: settings.phoneNumber,
      name: this.stackName,
    });
    new SipRule(this, 'SipRule', {
      provider,
      phoneNumber: number.e164,
      sipMediaApplicationId: sma.attrSipMediaApplicationId,
      namePrefix: this.stackName,
    });

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
    new CfnOutput(this, 'sourcePhoneParameter', { value: sourcePhoneParameter.parameterName });
  }
}
