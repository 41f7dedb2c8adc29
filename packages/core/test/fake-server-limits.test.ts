// A fake's server as a client that holds connections sees it (real HTTP on 127.0.0.1, port 0):
// an idle keep-alive connection is closed after the fakes' idle life, announced in `Keep-Alive`,
// a request whose headers or body never end is answered 408, and a connection past the cap is
// closed as it opens. Each server and socket is closed.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerServer, listenLocal } from '../src/fake/index.ts';

const servers: ReturnType<typeof answerServer>[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function served() {
  const fake = answerServer(() => ({ status: 200, body: { ok: true } }));
  servers.push(fake);
  return fake;
}

/** A raw connection to `url`: what it received, and a promise of its close. */
function open(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  sockets.push(socket);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    received += d;
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const answered = () =>
    new Promise<string>((resolve) => {
      const check = () => (/\r\n\r\n/.test(received) ? resolve(received) : socket.once('data', check));
      check();
      closed.then(() => resolve(received));
    });
  return { socket, closed, answered };
}

describe("a fake's server", () => {
  it('announces a bounded idle life on a kept-alive connection', async () => {
    const fake = served();
    const url = await fake.listen(0);
    const conn = open(url);
    conn.socket.write('GET /things HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const head = await conn.answered();
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head).toMatch(/\r\nkeep-alive: timeout=65\b/i);
  });

  it('closes a kept-alive connection left idle after its answer', async () => {
    const fake = served();
    const url = await listenLocal(fake.server, 0, { idleMs: 300, headersMs: 10_000, requestMs: 20_000, maxConnections: 16, checkMs: 100 });
    const conn = open(url);
    conn.socket.write('GET /things HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    expect(await conn.answered()).toMatch(/^HTTP\/1\.1 200/);
    // the client sends nothing more: the server ends the connection (without the bound, never)
    await conn.closed;
    expect(conn.socket.destroyed).toBe(true);
  }, 20_000);

  it('answers 408 and closes a connection whose headers never end, or whose body never ends', async () => {
    const fake = served();
    const url = await listenLocal(fake.server, 0, { idleMs: 60_000, headersMs: 300, requestMs: 600, maxConnections: 16, checkMs: 100 });
    const slowHead = open(url);
    slowHead.socket.write('PUT /things HTTP/1.1\r\nHost: x\r\n');
    const slowBody = open(url);
    slowBody.socket.write('PUT /things HTTP/1.1\r\nHost: x\r\ncontent-length: 100\r\n\r\n{"a":');
    for (const c of [slowHead, slowBody]) {
      await c.closed;
      expect(await c.answered()).toMatch(/^HTTP\/1\.1 408/);
    }
  }, 20_000);

  it('closes a connection past its cap as it opens, and serves the ones within it', async () => {
    const fake = served();
    const url = await listenLocal(fake.server, 0, {
      idleMs: 60_000,
      headersMs: 10_000,
      requestMs: 20_000,
      maxConnections: 2,
      checkMs: 100,
    });
    const held = [open(url), open(url)];
    for (const c of held) c.socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    for (const c of held) expect(await c.answered()).toMatch(/^HTTP\/1\.1 200/);
    const third = open(url);
    third.socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    await third.closed;
    expect(await third.answered()).toBe('');
  }, 20_000);
});
