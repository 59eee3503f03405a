import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { watchedLines } from '../../src/cli/uiCommand';
import { readTextFile } from '../../src/cli/files';
import { startUiServer, type UiServer } from '../../src/cli/uiServer';
import { cli, workspace, type Workspace } from './helpers';

const SCENARIO = 'name: Mine\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n';

/** A GET with a chosen Host header (fetch will not send another host's name). */
function get(
  url: string,
  path: string,
  host?: string,
  method = 'GET',
): Promise<{ status: number; body: string; type: string; cache: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method, headers: host ? { host } : {} },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            type: String(response.headers['content-type'] ?? ''),
            cache: String(response.headers['cache-control'] ?? ''),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('rehearse ui: the server', () => {
  let ws: Workspace | undefined;
  let server: UiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    ws?.cleanup();
  });

  async function start(): Promise<{ ws: Workspace; server: UiServer; file: string }> {
    ws = workspace();
    ws.write(
      'app/index.html',
      '<!doctype html><html><head><title>x</title></head><body></body></html>',
    );
    ws.write('app/assets/main.js', 'console.log(1)');
    ws.write('app/assets/sim-CbRQl0y5.js', 'export const sim = 1;');
    ws.write('secret.txt', 'not for the page');
    const file = ws.write('mine/cluster.yaml', SCENARIO);
    const broken = ws.write('mine/broken.yaml', 'name: [');
    server = await startUiServer({
      appDir: join(ws.dir, 'app'),
      files: [file, broken],
      shown: ['mine/cluster.yaml', 'mine/broken.yaml'],
      read: (path) => readTextFile(path),
      port: 0,
      settle: 20,
    });
    return { ws, server, file };
  }

  test('serves the app marked as served, its assets, and the files given', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(server.url, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="rehearse-served" content="scenarios.json">');
    const asset = await get(server.url, '/assets/main.js');
    expect(asset.type).toMatch(/^text\/javascript/);
    const list = JSON.parse((await get(server.url, '/scenarios.json')).body) as unknown;
    expect(list).toEqual([
      { id: 'yours/mine/cluster.yaml', text: SCENARIO },
      { id: 'yours/mine/broken.yaml', text: 'name: [' },
    ]);
  });

  test('lets the browser keep the files named for their content, and nothing else', async () => {
    const { server } = await start();
    expect((await get(server.url, '/assets/sim-CbRQl0y5.js')).cache).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const path of ['/', '/index.html', '/assets/main.js', '/scenarios.json'])
      expect((await get(server.url, path)).cache, path).toBe('no-store');
  });

  test.each([
    ['/../secret.txt'],
    ['/%2e%2e/secret.txt'],
    ['/assets/..%2f..%2fsecret.txt'],
    ['/mine/cluster.yaml'],
    ['/assets'],
  ])('never serves anything outside the app: %s', async (path) => {
    const { server } = await start();
    const response = await get(server.url, path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('not for the page');
  });

  test('answers only requests addressed to 127.0.0.1 or localhost, and only reads', async () => {
    const { server } = await start();
    const { port } = new URL(server.url);
    expect((await get(server.url, '/scenarios.json', `evil.example:${port}`)).status).toBe(403);
    expect((await get(server.url, '/scenarios.json', `localhost:${port}`)).status).toBe(200);
    expect((await get(server.url, '/scenarios.json', undefined, 'POST')).status).toBe(405);
  });

  test('tells an open page when a file it serves is saved, with the new text', async () => {
    const { ws, server } = await start();
    const controller = new AbortController();
    const response = await fetch(`${server.url}events`, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const next = async (until: (text: string) => boolean) => {
      while (!until(received)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        received += value;
      }
    };
    await next((text) => text.includes(': connected'));
    const saved = SCENARIO.replace('Mine', 'Mine, saved');
    ws.write('mine/cluster.yaml', saved);
    await next((text) => text.includes('event: scenarios'));
    await next((text) => /event: scenarios\ndata: .*\n\n/.test(text));
    const data = /event: scenarios\ndata: (.*)\n\n/.exec(received)?.[1] ?? '[]';
    expect(JSON.parse(data)).toContainEqual({ id: 'yours/mine/cluster.yaml', text: saved });
    controller.abort();
  });
});

describe('rehearse ui: the command', () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.cleanup());

  test('says the debugger is not built when its folder has no index.html', async () => {
    ws = workspace();
    const out = await cli(['ui'], { appDir: join(ws.dir, 'none') });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^rehearse ui: the debugger is not built .*: run npm run build\n$/);
  });

  test.each([
    [['--port', '70000'], '--port 70000 is not a port'],
    [['--port', 'x'], '--port x is not a port'],
    [['-'], 'standard input (-) cannot be watched'],
  ])('refuses %j with exit 2', async (args, message) => {
    const out = await cli(['ui', ...args]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(message);
  });

  test('names a file that is not there, and serves nothing', async () => {
    ws = workspace();
    ws.write('app/index.html', '<html><head></head></html>');
    const out = await cli(['ui', 'nope.yaml', '--port', '0'], {
      appDir: join(ws.dir, 'app'),
      cwd: ws.dir,
      untilInterrupted: () => Promise.reject(new Error('it should not wait')),
    });
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('rehearse ui: nope.yaml: no such file\n');
  });

  test('prints its address and the files it watches, and stops on Ctrl-C', async () => {
    ws = workspace();
    ws.write('app/index.html', '<html><head></head></html>');
    ws.write('a.yaml', SCENARIO);
    let stop = () => undefined as void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = cli(['ui', 'a.yaml', '--port', '0'], {
      appDir: join(ws.dir, 'app'),
      cwd: ws.dir,
      untilInterrupted: () => stopped,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    const out = await running;
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(
      /^Rehearse debugger: http:\/\/127\.0\.0\.1:\d+\/\n {2}watching a\.yaml\nStop with Ctrl-C\.\n$/,
    );
  });
});

describe('rehearse ui, the files it says it watches', () => {
  test('should list a few files one per line and count many by folder', () => {
    expect(watchedLines(['a.yaml', 'b/c.yaml'])).toEqual(['watching a.yaml', 'watching b/c.yaml']);
    const many = [
      ...Array.from({ length: 7 }, (_, i) => `scenarios/golden/g${i}.yaml`),
      'scenarios/x.yaml',
      'scenarios/y.yaml',
      'top.yaml',
    ];
    expect(watchedLines(many)).toEqual([
      'watching 10 files: 7 in scenarios/golden/, 2 in scenarios/, 1 in ./',
    ]);
  });
});
