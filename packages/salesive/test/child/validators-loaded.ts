// Run by validate.test.ts in a process of its own (node --experimental-transform-types): which
// modules a client loads. Prints one JSON line: the validator modules loaded after a call with
// `validate` left at 'off', and after a call with 'warn'.
import { registerHooks } from 'node:module';
import { createServer } from 'node:http';

const loaded: string[] = [];
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      // the sources import each other as './x.js', which exists only once built
      if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\/.*\.js$/.test(specifier)) throw err;
      return next(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 200, success: true, message: 'ok', data: { _id: 'c1', name: 42 } }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
try {
  const { createSalesiveClient } = await import('../../src/index.js');
  const call = { params: { path: { id: 'c1' } }, body: { active: true } };
  await createSalesiveClient({ token: 'app_child', baseUrl, retry: false }).PUT('/customers/{id}', call);
  const validatorModules = () => loaded.filter((u) => /validators/.test(u));
  const afterOff = validatorModules();
  await createSalesiveClient({ token: 'app_child', baseUrl, retry: false, validate: 'warn', onContractViolation: () => {} }).PUT(
    '/customers/{id}',
    call,
  );
  console.log(JSON.stringify({ afterOff, afterWarn: validatorModules() }));
} finally {
  server.close();
  const { closeDefaultTransport } = await import('@capi/core/node');
  await closeDefaultTransport();
}
