// Phone number and SIP rule: CloudFormation has no resource types for them, so a small provider
// (deploy/provider/lambda/chime_resources.py on the Python 3.13 runtime) calls the Chime SDK Voice API.
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PhoneNumberSearch } from './settings';

/**
 * The only Chime SDK Voice actions the provider calls. None of them supports resource-level
 * permissions (the Service Authorization Reference lists no resource type for them, and a phone
 * number or SIP rule that does not exist yet has no ARN), so IAM requires `Resource: "*"` for them;
 * the statement is limited to these actions and to the stack's region.
 */
export const PSTN_PROVIDER_CHIME_ACTIONS = [
  'chime:SearchAvailablePhoneNumbers',
  'chime:CreatePhoneNumberOrder',
  'chime:GetPhoneNumberOrder',
  'chime:DeletePhoneNumber',
  'chime:CreateSipRule',
  'chime:GetSipRule',
  'chime:UpdateSipRule',
  'chime:DeleteSipRule',
];

export interface PstnProviderProps {
  readonly logRetention: logs.RetentionDays;
}

/** The custom-resource provider: the Python handler behind the CDK provider framework. */
export class PstnProvider extends Construct {
  public readonly serviceToken: string;
  public readonly onEventFunction: lambda.Function;

  constructor(scope: Construct, id: string, props: PstnProviderProps) {
    super(scope, id);
    const stack = Stack.of(this);

    const logGroup = new logs.LogGroup(this, 'OnEventLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'OnEventRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Orders and releases the recording number and manages its SIP rule',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ManagePstnResources',
        actions: PSTN_PROVIDER_CHIME_ACTIONS,
        // Required by IAM for these actions: see PSTN_PROVIDER_CHIME_ACTIONS.
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } },
      }),
    );
    role.addToPolicy(logWrites(logGroup));

    this.onEventFunction = new lambda.Function(this, 'OnEvent', {
      description: 'Custom resources for the phone number and SIP rule (Chime SDK Voice)',
      runtime: lambda.Runtime.PYTHON_3_13,
      architecture: lambda.Architecture.ARM_64,
      handler: 'chime_resources.on_event',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'provider', 'lambda'), {
        exclude: ['__pycache__', '*.pyc', '.*'],
      }),
      // Ordering a number is asynchronous: the handler polls the order within this time.
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
  /** Name shown for the number in the Chime SDK console. */
  readonly name: string;
}

/** A phone number ordered for SIP media application dial-in; released when the stack is deleted. */
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
    this.sipRuleId = resource.ref;
  }
}
