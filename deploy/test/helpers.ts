// Offline synthesis for the tests: cdk.json's feature flags, bundling skipped, a stand-in handler build.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { settingsFromContext } from '../lib/settings';
import { SmaFlowStack } from '../lib/sma-flow-stack';

export const DEPLOY_DIR = path.resolve(__dirname, '..');
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

const cdkJson = JSON.parse(fs.readFileSync(path.join(DEPLOY_DIR, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

// Synthesis copies every asset (the AWS CLI layer alone is about 20 MB): remove them when the tests end.
const scratch: string[] = [];
process.on('exit', () => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

let fakeBuild: string | undefined;
/** A folder that looks like `cargo lambda build` output; the tests never need the real binary. */
export function fakeHandlerBuild(): string {
  if (!fakeBuild) {
    fakeBuild = fs.mkdtempSync(path.join(os.tmpdir(), 'sma-flow-handler-'));
    scratch.push(fakeBuild);
    fs.writeFileSync(path.join(fakeBuild, 'bootstrap'), '#!/bin/sh\n', { mode: 0o755 });
  }
  return fakeBuild;
}

export interface Synthesised {
  readonly template: Template;
  readonly json: { Resources: Record<string, Resource>; Parameters: Record<string, any>; Outputs: Record<string, any> };
  readonly stack: SmaFlowStack;
  readonly outdir: string;
}

export interface Resource {
  Type: string;
  Properties: Record<string, any>;
  DependsOn?: string[];
}

export function synth(context: Record<string, unknown> = {}): Synthesised {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sma-flow-cdk-out-'));
  scratch.push(outdir);
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      handlerAsset: fakeHandlerBuild(),
      ...context,
    },
  });
  const settings = settingsFromContext(app.node);
  const stack = new SmaFlowStack(app, settings.stackName, { settings, env: { account: ACCOUNT, region: REGION } });
  const template = Template.fromStack(stack);
  return { template, json: template.toJSON() as Synthesised['json'], stack, outdir };
}

/** Resources of one type, by logical id. */
export function resourcesOf(json: Synthesised['json'], type: string): Record<string, Resource> {
  return Object.fromEntries(Object.entries(json.Resources).filter(([, r]) => r.Type === type));
}

/** The one resource of a type whose logical id starts with a construct id. */
export function logicalId(json: Synthesised['json'], type: string, prefix: string): string {
  const ids = Object.keys(resourcesOf(json, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/**
 * Renders CloudFormation intrinsics as text, so ARNs read as they will in AWS:
 * {Ref: X} -> ${X}, {Fn::GetAtt: [X, A]} -> ${X.A}, {Fn::Join: ['', parts]} -> the parts joined.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) return `\${${v.Ref}}`;
    if ('Fn::GetAtt' in v) return `\${${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}}`;
    if ('Fn::Join' in v) return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
    if ('Fn::Sub' in v) return String(v['Fn::Sub']);
  }
  return JSON.stringify(value);
}

/** Every statement of every inline IAM policy in the template (role policies and AWS::IAM::Policy). */
export function iamStatements(json: Synthesised['json']): { owner: string; statement: Record<string, any> }[] {
  const found: { owner: string; statement: Record<string, any> }[] = [];
  for (const [id, resource] of Object.entries(json.Resources)) {
    const documents: any[] = [];
    if (resource.Type === 'AWS::IAM::Policy') documents.push(resource.Properties.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of resource.Properties.Policies ?? []) documents.push(policy.PolicyDocument);
    }
    for (const document of documents) {
      for (const statement of document.Statement) found.push({ owner: id, statement });
    }
  }
  return found;
}

export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
