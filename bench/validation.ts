// Runtime validation (option `validate`): the client CPU per call with validation off, warn and
// throw, on salesive's documented 200 (the body bench/server.ts answers, which matches its
// schema), against a keep-alive server in another process, 16 calls in flight; and the cost of
// the generated validator alone on that body. CPU is process.cpuUsage (user + system) of this
// process, so the server's work is not counted.
import { fork } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createSalesiveClient, spec } from '@capi/salesive';
import { closeDefaultTransport } from '@capi/core/node';
import { log, measureCalls, median, spread, table } from './lib.ts';

const CONCURRENCY = 16;
const MODES = ['off', 'warn', 'throw'] as const;
type Mode = (typeof MODES)[number];

export async function validationCost({ requests = 4000, rounds = 5 } = {}) {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { stdio: 'ignore' });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const args = { params: { path: { id: 'c1' } }, body: { name: 'Ada Obi', active: false } };
  let violations = 0;
  const clients = Object.fromEntries(
    MODES.map((validate) => [
      validate,
      createSalesiveClient({ token: 'app_bench_token', baseUrl, validate, onContractViolation: () => violations++ }),
    ]),
  );
  const cpuPerCall = Object.fromEntries(MODES.map((m) => [m, [] as number[]])) as Record<Mode, number[]>;
  const once = async (client: (typeof clients)[Mode], n: number) => {
    const call = async () => {
      const { error } = await client.PUT('/customers/{id}', args);
      if (error) throw new Error(`bench call failed: ${error.kind} ${error.message}`);
    };
    return (await measureCalls(call, { calls: n, inFlight: CONCURRENCY })).cpu; // µs per call
  };
  try {
    for (const m of MODES) await once(clients[m], 500); // warm up JIT, connections, the validators import
    for (let r = 0; r < rounds; r++) {
      const order = [...MODES.slice(r % MODES.length), ...MODES.slice(0, r % MODES.length)];
      for (const m of order) cpuPerCall[m].push(await once(clients[m], requests));
      log(`validation: round ${r + 1}/${rounds} done`);
    }
  } finally {
    await closeDefaultTransport();
    child.disconnect();
  }
  if (violations) throw new Error(`the bench body broke its schema ${violations} time(s): fix bench/server.ts`);

  // the validator alone, on the same body
  const { validators } = await spec.validators();
  const check = validators['PUT /customers/{id}']['200']['application/json'];
  const body = {
    status: 200,
    success: true,
    message: 'Customer updated successfully',
    data: {
      _id: '665a1f2c9b1e4a0012ab34cd',
      name: 'Ada Obi',
      phone: '+2348099998888',
      email: 'ada@example.com',
      active: false,
      user: null,
    },
  };
  const alone = [];
  for (let r = 0; r < rounds; r++) {
    const n = 200_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) if (!check(body)) throw new Error('the bench body does not match its schema');
    alone.push(((performance.now() - t0) * 1000) / n);
  }
  const off = median(cpuPerCall.off);
  const rows = MODES.map((m) => [
    `validate: '${m}'`,
    spread(cpuPerCall[m], 1),
    m === 'off' ? '' : `${(((median(cpuPerCall[m]) - off) / off) * 100).toFixed(1)}%`,
  ]);
  return {
    md: [
      `Runtime validation, salesive's documented 200 on the Node transport: ${requests} calls per mode per round, ${rounds} rounds, ${CONCURRENCY} in flight, modes interleaved; client CPU (user + system) per call in µs, median (min–max) over rounds.`,
      '',
      table(['validate', 'CPU µs per call', 'vs off'], rows),
      '',
      `- The generated validator alone on that body: ${spread(alone, 2)} µs per check, ${((median(alone) / off) * 100).toFixed(2)}% of a call's CPU with validation off: the difference between the modes above is mostly the machine's noise.`,
      `- Load average over the last minute when this section finished: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (a loaded machine widens the spread; the difference between modes is what to read).`,
    ].join('\n'),
  };
}
