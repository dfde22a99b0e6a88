// Every flow built into the handler deploys: the stack synthesised with `flow` set to it gives the
// handler exactly that flow's declared variables (from deploy/flows.json, which a handler test keeps
// equal to the compiled flows), each filled in by the stack or taken as a stack parameter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HANDLER_VARIABLES, STACK_PROVIDED, builtInFlows, parameterName } from '../lib/flows';
import { logicalId, render, synth } from './helpers';

const flows = builtInFlows();

describe('each built-in flow', () => {
  it('includes the example applications beside the recording flow', () => {
    const names = flows.map((f) => f.name);
    for (const name of ['recording', 'voicemail', 'ivr', 'forwarding', 'notification']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
  });

  for (const flow of flows) {
    it(`synthesises ${flow.name} with its own environment`, () => {
      const { json } = synth({ flow: flow.name });
      const handler = json.Resources[logicalId(json, 'AWS::Lambda::Function', 'Handler')].Properties;
      const environment: Record<string, string> = Object.fromEntries(
        Object.entries(handler.Environment.Variables).map(([k, v]) => [k, render(v)]),
      );
      assert.equal(environment.FLOW, flow.name);
      const own = Object.keys(environment).filter((k) => HANDLER_VARIABLES.includes(k));
      assert.deepEqual(own.sort(), ['CALL_RECORDS_TABLE', 'FLOW', 'LOG_LEVEL', 'STATE_KEY']);
      const declared = flow.config.map((c) => c.env);
      assert.deepEqual(
        Object.keys(environment).filter((k) => !HANDLER_VARIABLES.includes(k)).sort(),
        [...declared].sort(),
        `${flow.name}: the handler gets exactly the declared variables`,
      );
      for (const item of flow.config) {
        if (item.env in STACK_PROVIDED) {
          assert.match(environment[item.env], /^\$\{.*Bucket/, `${item.env} is a bucket the stack creates`);
          continue;
        }
        const name = parameterName(item.env);
        assert.equal(environment[item.env], `\${${name}}`, `${item.env} comes from the parameter ${name}`);
        const parameter = json.Parameters[name];
        assert.ok(parameter, `a parameter ${name}`);
        assert.equal(parameter.Default, item.default, `${name}'s default is the flow's`);
      }
      // No parameter is left over from another flow (the recording flow's, say).
      const flowParameters = Object.keys(json.Parameters).filter((p) => p !== 'LogLevel' && !p.startsWith('BootstrapVersion'));
      assert.deepEqual(
        flowParameters.sort(),
        flow.config.filter((c) => !(c.env in STACK_PROVIDED)).map((c) => parameterName(c.env)).sort(),
      );
    });
  }
});
