// The flows built into the handler and the environment each one reads, from deploy/flows.json (the
// output of `handler flows --format json` without versions; a handler test keeps it in sync). The
// stack gives the handler exactly the chosen flow's variables: those naming what the stack creates
// are filled in, every other one becomes a stack parameter.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FLOWS_FILE = path.resolve(__dirname, '..', 'flows.json');

export type ConfigType = 'bool' | 'int' | 'text' | 'phone' | 'duration' | 'leg';

/** One config value of a flow, as the handler declares it. */
export interface FlowConfigItem {
  readonly env: string;
  readonly type: ConfigType;
  readonly required: boolean;
  /** The default in the variable's text form. */
  readonly default?: string;
}

export interface BuiltInFlow {
  readonly name: string;
  readonly config: readonly FlowConfigItem[];
}

/** Variables the stack sets from resources it creates, by the flow's variable name. */
export const STACK_PROVIDED: Readonly<Record<string, string>> = {
  WAV_BUCKET: 'the prompts bucket',
  RECORDING_BUCKET: 'the recordings bucket',
};

/** The handler's own variables (not a flow's config): a flow must not declare them. */
export const HANDLER_VARIABLES = [
  'FLOW',
  'LOG_LEVEL',
  'CALL_RECORDS_TABLE',
  'CALL_RECORDS_PATH',
  'CALL_RECORDS_DEADLINE_MS',
  'CALL_RECORDS_RETENTION_DAYS',
  // The keys that seal each call's state to its call (the previous one during a rotation).
  'STATE_KEY',
  'STATE_KEY_PREVIOUS',
  // The dial policy (defaults documented in the README's Security section).
  'DIAL_COUNTRIES',
  'DIAL_NUMBER_TYPES',
  'DIAL_BLOCKED',
];

/**
 * The owner's phone: a North American number in E.164 form (+1, then an area code and an exchange
 * that do not start with 0 or 1). The recording flow only dials and recognises such numbers, so a
 * wider E.164 pattern would accept owners the flow cannot serve. deploy/launch checks the same pattern.
 */
export const SOURCE_PHONE_PATTERN = '^\\+1[2-9]\\d{2}[2-9]\\d{6}$';

/** Key prefix for recordings (S3 key characters, no leading or trailing slash). */
export const RECORDING_PREFIX_PATTERN = '^[A-Za-z0-9_.!*\'()-]+(/[A-Za-z0-9_.!*\'()-]+)*$';

export function builtInFlows(file: string = FLOWS_FILE): BuiltInFlow[] {
  const listing = JSON.parse(fs.readFileSync(file, 'utf8')) as { flows: BuiltInFlow[] };
  return listing.flows;
}

/** The built-in flow of that name, or an error that lists the ones there are. */
export function builtInFlow(name: string, flows: BuiltInFlow[] = builtInFlows()): BuiltInFlow {
  const flow = flows.find((f) => f.name === name);
  if (!flow) {
    throw new Error(
      `no flow named ${JSON.stringify(name)} is built into the handler (built in: ${flows.map((f) => f.name).join(', ')}); ` +
        'add its .flow file under flows/ and rebuild',
    );
  }
  for (const item of flow.config) {
    if (HANDLER_VARIABLES.includes(item.env)) {
      throw new Error(`the flow ${flow.name} declares ${item.env}, which is the handler's own variable`);
    }
  }
  return flow;
}

/** The stack parameter of a flow variable: SOURCE_PHONE -> SourcePhone. deploy/bin/flow-config.mjs agrees. */
export function parameterName(env: string): string {
  return env
    .toLowerCase()
    .split('_')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

export interface ParameterRule {
  readonly allowedPattern?: string;
  readonly allowedValues?: string[];
  readonly constraintDescription?: string;
  /** Kept out of the console, the CLI and the API's answers (a secret such as the owner's PIN). */
  readonly noEcho?: boolean;
}

/** What CloudFormation checks before the handler ever starts: the same rules the handler applies. */
export function parameterRule(item: FlowConfigItem): ParameterRule {
  if (item.env === 'SOURCE_PHONE') {
    return {
      allowedPattern: SOURCE_PHONE_PATTERN,
      constraintDescription: 'must be +1 followed by 10 digits, area code and exchange not starting with 0 or 1',
    };
  }
  if (item.env === 'RECORDING_PREFIX') return { allowedPattern: RECORDING_PREFIX_PATTERN };
  if (item.env === 'OWNER_PIN') {
    // The digits the flow collects for it; empty leaves the PIN off.
    return { allowedPattern: '^([0-9]{4,12})?$', constraintDescription: 'must be empty or 4 to 12 digits', noEcho: true };
  }
  switch (item.type) {
    case 'phone':
      return { allowedPattern: '^\\+[1-9]\\d{1,14}$', constraintDescription: 'must be an E.164 phone number' };
    case 'int':
      return { allowedPattern: '^-?\\d+$', constraintDescription: 'must be a whole number' };
    case 'bool':
      return { allowedValues: ['true', 'false'] };
    case 'duration':
      return { allowedPattern: '^\\d+(ms|s|m)$', constraintDescription: 'must be a duration such as 30s or 2500ms' };
    case 'leg':
      return { allowedValues: ['A', 'B'] };
    case 'text':
      return {};
  }
}
