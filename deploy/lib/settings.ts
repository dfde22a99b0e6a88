// Deployment settings: CDK context values with their defaults, checked before anything is built.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Node } from 'constructs';
import { BuiltInFlow, builtInFlow } from './flows';

/** The Cargo workspace that holds the `handler` binary and the flows. */
export const WORKSPACE_ROOT = path.resolve(__dirname, '..', '..');

/** A flow compiled into the handler, chosen at run time by the FLOW variable. */
export const FLOW_NAME_PATTERN = '^[a-z][a-z0-9_-]{0,63}$';

/**
 * Regions where every resource of the stack exists: the phone-number APIs (search and order) and
 * CloudFormation's SIP media application type. Only us-east-1 has been checked for all of them;
 * deploy/launch accepts the same list.
 */
export const SUPPORTED_REGIONS = ['us-east-1'];

/** A US number the account already owns, used instead of ordering one. */
export const EXISTING_NUMBER_PATTERN = /^\+1[2-9]\d{2}[2-9]\d{6}$/;

export type PhoneNumberType = 'Local' | 'TollFree';

/** What to search for when ordering the recording number (SearchAvailablePhoneNumbers). */
export interface PhoneNumberSearch {
  readonly phoneNumberType: PhoneNumberType;
  readonly areaCode?: string;
  readonly state?: string;
  readonly city?: string;
  readonly tollFreePrefix?: string;
}

/** How the handler's invoke permission for the SIP media application is scoped. */
export type InvokeScope = 'sma' | 'account';

export interface DeploySettings {
  readonly stackName: string;
  readonly region: string;
  /** The built-in flow the handler runs, with the variables it reads. */
  readonly flow: BuiltInFlow;
  /** Folder holding the handler's `bootstrap` (cargo lambda build --profile lambda-release --arm64 --bin handler --no-default-features). */
  readonly handlerAssetDir: string;
  /** Folder holding the prompt WAV files. */
  readonly promptsDir: string;
  readonly phoneNumber: PhoneNumberSearch;
  /** Use this number the account owns instead of ordering one; it is never released. */
  readonly existingNumber?: string;
  /** A new value orders a new number in place of the published one (deploy/launch --new-number). */
  readonly newNumberRequest?: string;
  readonly invokeScope: InvokeScope;
  readonly logRetentionDays: RetentionDays;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function text(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

function check(value: string | undefined, pattern: RegExp, what: string): string | undefined {
  if (value !== undefined && !pattern.test(value)) {
    throw new Error(`Invalid ${what}: ${JSON.stringify(value)} (expected ${pattern})`);
  }
  return value;
}

/**
 * Reads the settings from CDK context (`-c key=value` or cdk.json):
 * stackName, region, flow, handlerAsset, promptsDir, phoneNumberType, phoneAreaCode, phoneState, phoneCity,
 * phoneTollFreePrefix, phoneNumber, newNumber, invokeScope, logRetentionDays, requireHandlerBuild, removing.
 */
export function settingsFromContext(node: Node): DeploySettings {
  const stackName = check(text(node, 'stackName'), STACK_NAME, 'stackName') ?? 'SmaOnDemandRecording';
  const region = check(text(node, 'region'), REGION, 'region') ?? 'us-east-1';
  // deploy/destroy synthesises the app only to remove a stack: no build, and any region.
  const removing = text(node, 'removing') === 'true';
  if (!removing && !SUPPORTED_REGIONS.includes(region)) {
    throw new Error(
      `region ${region} is not supported: the stack orders a phone number and creates a SIP media application, ` +
        `which this app has verified only in ${SUPPORTED_REGIONS.join(', ')}`,
    );
  }
  const flowName = check(text(node, 'flow'), new RegExp(FLOW_NAME_PATTERN), 'flow') ?? 'recording';
  const flow = builtInFlow(flowName);

  const phoneNumberType = (text(node, 'phoneNumberType') ?? 'Local') as PhoneNumberType;
  if (phoneNumberType !== 'Local' && phoneNumberType !== 'TollFree') {
    throw new Error(`Invalid phoneNumberType: ${phoneNumberType} (Local or TollFree)`);
  }
  const areaCode = check(text(node, 'phoneAreaCode'), /^[2-9]\d{2}$/, 'phoneAreaCode');
  const city = check(text(node, 'phoneCity'), /^[A-Za-z .'-]{1,64}$/, 'phoneCity');
  const tollFreePrefix = check(text(node, 'phoneTollFreePrefix'), /^8(00|33|44|55|66|77|88)$/, 'phoneTollFreePrefix');
  let state = check(text(node, 'phoneState'), /^[A-Z]{2}$/, 'phoneState');
  if (city !== undefined && state === undefined) {
    throw new Error('phoneCity needs phoneState as well');
  }
  // A US search needs at least one criterion; the original application searched Illinois.
  if (phoneNumberType === 'Local' && !areaCode && !state && !city) state = 'IL';
  if (phoneNumberType === 'TollFree' && (areaCode || state || city)) {
    throw new Error('a toll-free number is searched by phoneTollFreePrefix only');
  }

  const existingNumber = check(text(node, 'phoneNumber'), EXISTING_NUMBER_PATTERN, 'phoneNumber');
  if (existingNumber && (text(node, 'phoneAreaCode') || text(node, 'phoneState') || text(node, 'phoneCity') || tollFreePrefix)) {
    throw new Error('phoneNumber uses a number the account owns: it cannot be combined with a number search');
  }
  const newNumberRequest = check(text(node, 'newNumber'), /^[A-Za-z0-9:.-]{1,64}$/, 'newNumber');
  if (existingNumber && newNumberRequest) throw new Error('phoneNumber and newNumber cannot be combined');

  const invokeScope = (text(node, 'invokeScope') ?? 'sma') as InvokeScope;
  if (invokeScope !== 'sma' && invokeScope !== 'account') {
    throw new Error(`Invalid invokeScope: ${invokeScope} (sma or account)`);
  }

  const logRetentionDays = Number(text(node, 'logRetentionDays') ?? 30);
  if (!(Object.values(RetentionDays) as unknown[]).includes(logRetentionDays) || logRetentionDays <= 0) {
    throw new Error(`Invalid logRetentionDays: ${logRetentionDays} (one of CloudWatch Logs' retention periods, e.g. 7, 30, 90)`);
  }

  const requireHandlerBuild = !removing && text(node, 'requireHandlerBuild') !== 'false';
  const handlerAssetDir = handlerAsset(
    path.resolve(text(node, 'handlerAsset') ?? path.join(WORKSPACE_ROOT, 'target', 'lambda', 'handler')),
    requireHandlerBuild,
  );
  const promptsDir = path.resolve(text(node, 'promptsDir') ?? path.join(WORKSPACE_ROOT, 'flows', 'prompts'));
  if (!fs.existsSync(promptsDir) || !fs.readdirSync(promptsDir).some((f) => f.endsWith('.wav'))) {
    throw new Error(`No prompt WAV files in ${promptsDir} (make them with scripts/make-prompts)`);
  }

  return {
    stackName,
    region,
    flow,
    handlerAssetDir,
    promptsDir,
    phoneNumber: { phoneNumberType, areaCode, state, city, tollFreePrefix },
    existingNumber,
    newNumberRequest,
    invokeScope,
    logRetentionDays: logRetentionDays as RetentionDays,
  };
}

/**
 * The handler's code folder. A deployment needs the real build; `cdk destroy` synthesises the app
 * too but uploads nothing, so deploy/destroy passes removing=true and a stand-in folder
 * is used when the build is absent.
 */
function handlerAsset(dir: string, required: boolean): string {
  if (fs.existsSync(path.join(dir, 'bootstrap'))) return dir;
  if (required) {
    throw new Error(
      `No Lambda bootstrap in ${dir}. Build it from the workspace root with ` +
        '`cargo lambda build --profile lambda-release --arm64 --bin handler --no-default-features` (deploy/launch does this), ' +
        'or point -c handlerAsset=DIR at a folder that holds it.',
    );
  }
  const standIn = path.join(os.tmpdir(), 'sma-flow-handler-not-built');
  fs.mkdirSync(standIn, { recursive: true });
  fs.writeFileSync(path.join(standIn, 'bootstrap'), '#!/bin/sh\necho "handler not built" >&2\nexit 1\n', { mode: 0o755 });
  return standIn;
}
