#!/usr/bin/env node
// CDK app: one stack per SMA application. deploy/launch and deploy/destroy drive it.
import { App } from 'aws-cdk-lib';
import { settingsFromContext } from '../lib/settings';
import { SmaFlowStack } from '../lib/sma-flow-stack';

const app = new App();
const settings = settingsFromContext(app.node);
new SmaFlowStack(app, settings.stackName, {
  settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region },
  description: 'SIP media application running a call flow (on-demand call recording by default)',
});
