#!/usr/bin/env node
// CDK app: one stack per SMA application. deploy/launch and deploy/destroy drive it.
import { App } from 'aws-cdk-lib';
import { DeploySettings, settingsFromContext } from '../lib/settings';
import { SmaFlowStack } from '../lib/sma-flow-stack';

const app = new App();
let settings: DeploySettings;
try {
  settings = settingsFromContext(app.node);
} catch (error) {
  // A settings problem is the user's to fix: say what it is, without a stack trace.
  console.error(`sma-flow-deploy: ${(error as Error).message}`);
  process.exit(1);
}
new SmaFlowStack(app, settings.stackName, {
  settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region },
  description: 'SIP media application running a call flow (on-demand call recording by default)',
});
