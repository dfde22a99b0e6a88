// Phone number, SIP rule, the SIP media application's logs and emptying the buckets: CloudFormation
// has no resource types for them, so a small provider (deploy/provider/lambda/chime_resources.py on
// the Python 3.13 runtime) calls the Chime SDK Voice and S3 APIs.
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PhoneNumberSearch } from './settings';

/**
 * Chime SDK Voice actions without resource-level permissions: the Service Authorization Reference
 * lists no resource type for them (a number or rule that does not exist yet has no ARN), so IAM
 * requires `Resource: "*"`; the statement is limited to these actions and the stack's region.
 */
export const PSTN_PROVIDER_UNSCOPED_ACTIONS = [
  'chime:SearchAvailablePhoneNumbers',
  'chime:CreatePhoneNumberOrder',
  'chime:GetPhoneNumberOrder',
  'chime:GetPhoneNumber',
  'chime:DeletePhoneNumber',
  'chime:DeleteSipRule',
];

/** Chime SDK Voice actions authorised on the SIP media application: granted on this stack's only. */
export const PSTN_PROVIDER_SMA_ACTIONS = [
  'chime:CreateSipRule',
  'chime:UpdateSipRule',
  'chime:PutSipMediaApplicationLoggingConfiguration',
];

/** Every Chime SDK Voice action the provider calls. */
export const PSTN_PROVIDER_CHIME_ACTIONS = [...PSTN_PROVIDER_UNSCOPED_ACTIONS, ...PSTN_PROVIDER_SMA_ACTIONS];

export interface PstnProviderProps {
  readonly logRetention: logs.RetentionDays;
  /** The SIP media application whose rules and logs the provider manages. */
  readonly sipMediaApplicationArn: string;
  /** The buckets the provider empties when the stack is deleted. */
  readonly buckets: s3.IBucket[];
}

/** The custom-resource provider: the Python handler behind the CDK provider framework. */
export class PstnProvider extends Construct {
  public readonly serviceToken: string;
  public readonly onEventFunction: lambda.Function;
  /** The grant on the SIP media application: resources that use it depend on it. */
  public readonly sipMediaApplicationGrant: iam.Policy;

  constructor(scope: Construct, id: string, props: PstnProviderProps) {
    super(scope, id);
    const stack = Stack.of(this);

    const logGroup = new logs.LogGroup(this, 'OnEventLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'OnEventRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Orders and releases the recording number, manages its SIP rule and logs, empties the buckets',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ManagePhoneNumbers',
        actions: PSTN_PROVIDER_UNSCOPED_ACTIONS,
        // Required by IAM for these actions: see PSTN_PROVIDER_UNSCOPED_ACTIONS.
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } },
      }),
    );
    // A policy of its own: the provider must exist before the SIP media application (which depends
    // on the bucket cleanup the provider serves), so its role's default policy cannot name it.
    this.sipMediaApplicationGrant = new iam.Policy(this, 'SipMediaApplicationPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ManageThisSipMediaApplication',
          actions: PSTN_PROVIDER_SMA_ACTIONS,
          resources: [props.sipMediaApplicationArn],
        }),
      ],
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListBuckets',
        actions: ['s3:ListBucket'],
        resources: props.buckets.map((b) => b.bucketArn),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EmptyBuckets',
        actions: ['s3:DeleteObject'],
        resources: props.buckets.map((b) => b.arnForObjects('*')),
      }),
    );
    role.addToPolicy(logWrites(logGroup));

    this.onEventFunction = new lambda.Function(this, 'OnEvent', {
      description: 'Custom resources for the phone number, SIP rule and logs (Chime SDK Voice) and bucket cleanup',
      runtime: lambda.Runtime.PYTHON_3_13,
      architecture: lambda.Architecture.ARM_64,
      handler: 'chime_resources.on_event',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'provider', 'lambda'), {
        exclude: ['__pycache__', '*.pyc', '.*'],
      }),
      // Ordering a number is asynchronous: the handler polls the order and the number within this time.
      timeout: Duration.minutes(10),
      memorySize: 256,
      role,
      logGroup,
    });

    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Relays custom-resource requests to the PSTN provider',
    });
    frameworkRole.addToPolicy(logWrites(frameworkLogs));

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    this.serviceToken = provider.serviceToken;
  }
}

/** Lets a Lambda function write to its own log group and nowhere else. */
export function logWrites(logGroup: logs.ILogGroup): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'WriteOwnLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroup.logGroupArn],
  });
}

export interface PhoneNumberProps {
  readonly provider: PstnProvider;
  readonly search: PhoneNumberSearch;
  /** A number the account owns, used instead of ordering one and never released. */
  readonly existingNumber?: string;
  /** A new value orders a new number in place of the current one; otherwise the number is kept. */
  readonly newNumberRequest?: string;
  /** Name shown for the number in the Chime SDK console. */
  readonly name: string;
}

/**
 * A phone number ordered for SIP media application dial-in, released when the stack is deleted; or a
 * number the account already owns. Changing the search does not replace a published number.
 */
export class PhoneNumber extends Construct {
  /** The number in E.164 form. */
  public readonly e164: string;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PhoneNumberProps) {
    super(scope, id);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: props.provider.serviceToken,
      resourceType: 'Custom::ChimePhoneNumber',
      properties: {
        Kind: 'PhoneNumber',
        Name: props.name,
        Country: 'US',
        PhoneNumberType: props.search.phoneNumberType,
        AreaCode: props.search.areaCode,
        State: props.search.state,
        City: props.search.city,
        TollFreePrefix: props.search.tollFreePrefix,
        ExistingNumber: props.existingNumber,
        NumberRequest: props.newNumberRequest,
      },
    });
    this.e164 = this.resource.getAttString('PhoneNumber');
  }
}

export interface SipRuleProps {
  readonly provider: PstnProvider;
  /** Calls to this number (E.164) start the SIP media application. */
  readonly phoneNumber: string;
  readonly sipMediaApplicationId: string;
  readonly namePrefix: string;
}

/** A `ToPhoneNumber` SIP rule that sends calls to the number to the SIP media application. */
export class SipRule extends Construct {
  public readonly sipRuleId: string;

  constructor(scope: Construct, id: string, props: SipRuleProps) {
    super(scope, id);
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: props.provider.serviceToken,
      resourceType: 'Custom::ChimeSipRule',
      properties: {
        Kind: 'SipRule',
        NamePrefix: props.namePrefix,
        TriggerValue: props.phoneNumber,
        SipMediaApplicationId: props.sipMediaApplicationId,
        AwsRegion: Stack.of(this).region,
      },
    });
    resource.node.addDependency(props.provider.sipMediaApplicationGrant);
    this.sipRuleId = resource.ref;
  }
}

export interface SmaLoggingProps {
  readonly provider: PstnProvider;
  readonly sipMediaApplicationId: string;
}

/** Turns on the SIP media application's message logs (PutSipMediaApplicationLoggingConfiguration). */
export class SmaLogging extends Construct {
  constructor(scope: Construct, id: string, props: SmaLoggingProps) {
    super(scope, id);
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: props.provider.serviceToken,
      resourceType: 'Custom::ChimeSipMediaApplicationLogging',
      properties: { Kind: 'SmaLogging', SipMediaApplicationId: props.sipMediaApplicationId },
    });
    resource.node.addDependency(props.provider.sipMediaApplicationGrant);
  }
}

export interface EmptyBucketProps {
  readonly provider: PstnProvider;
  readonly bucket: s3.IBucket;
}

/** Deletes every object of a bucket when the stack is deleted, so the bucket itself can go. */
export class EmptyBucket extends Construct {
  constructor(scope: Construct, id: string, props: EmptyBucketProps) {
    super(scope, id);
    new CustomResource(this, 'Resource', {
      serviceToken: props.provider.serviceToken,
      resourceType: 'Custom::EmptyBucket',
      properties: { Kind: 'EmptyBucket', BucketName: props.bucket.bucketName },
    });
  }
}
