// Child of telemetry.test.ts: records every module this process resolves while it imports
// @capi/core as Node resolves it (index.node.ts) and makes a client with the plain telemetry hook
// (no OpenTelemetry). argv: 'plain', or 'with-otel' (the application imports @opentelemetry/api
// itself: the control that shows the recording sees such an import). Reports the resolved URLs.
import { registerHooks } from 'node:module';

const resolved: string[] = [];
registerHooks({
  resolve(specifier, context, next) {
    const out = next(specifier, context);
    resolved.push(out.url);
    return out;
  },
});

const [variant] = process.argv.slice(2);
const core = await import('../../src/index.node.js');
if (variant === 'with-otel') await import('@opentelemetry/api');
core.createProviderClient(
  { name: 'graph', spec: { servers: ['http://127.0.0.1:9'], security: [], securitySchemes: {} } },
  { telemetry: core.telemetry({ onEvent: () => {} }) },
  {},
);
console.log(JSON.stringify({ resolved }));
