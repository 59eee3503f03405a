/**
 * `rehearse ui`: the built debugger served from the package on the loopback interface, with the
 * user's own scenario files in its picker, and a push to the page whenever one of them is saved.
 * No dev server and no network beyond 127.0.0.1: static files from the app's folder, the
 * scenario files given on the command line and nothing else.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { watchFiles } from './watchFiles';

/** The scenario files a page is given: their ids (`yours/…`) and texts, or why one is unreadable. */
export interface ServedScenario {
  readonly id: string;
  readonly text?: string;
  readonly error?: string;
}

export interface UiServerOptions {
  /** The built app (`index.html` and `assets/`). */
  readonly appDir: string;
  /** Absolute paths of the scenario files to offer, in order. */
  readonly files: readonly string[];
  /** Shown paths of the files, relative to where the command ran (their ids after `yours/`). */
  readonly shown: readonly string[];
  /** Reads a scenario file (bounded, regular files only); throws with a reason. */
  readonly read: (path: string) => string;
  readonly port: number;
  /** How long a burst of saves settles before the page hears of it (ms). */
  readonly settle?: number;
}

export interface UiServer {
  readonly url: string;
  /** Stops watching and serving; resolves once the port is free. */
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Marks the page as served by `rehearse ui`: the app then asks for `scenarios.json`. */
const SERVED_MARK = '<meta name="rehearse-served" content="scenarios.json">';

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  cache = 'no-store',
) {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

/**
 * A built file named for its content (`assets/name-HASH.js`, as Vite names them): its name
 * changes whenever it does, so the browser keeps it, and a worker importing a chunk the page
 * already loaded (the engine's) reads it from the cache instead of asking again.
 */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Starts the server on 127.0.0.1. Requests whose Host is not this address (a page of another
 * site reaching it through a rebound DNS name) are refused; paths outside the app are not found.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const appDir = resolve(options.appDir);
  const index = await readFile(join(appDir, 'index.html'), 'utf8');
  const page = index.includes('<head>')
    ? index.replace('<head>', `<head>\n    ${SERVED_MARK}`)
    : `${SERVED_MARK}${index}`;
  const scenarios = (): ServedScenario[] =>
    options.files.map((file, i) => {
      const id = `yours/${options.shown[i] ?? file}`;
      try {
        return { id, text: options.read(file) };
      } catch (error) {
        return { id, error: error instanceof Error ? error.message : String(error) };
      }
    });
  const listeners = new Set<ServerResponse>();
  let port = 0;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!hosts().has(request.headers.host ?? '')) {
      send(response, 403, 'text/plain; charset=utf-8', 'rehearse ui answers 127.0.0.1 only\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      send(response, 400, 'text/plain; charset=utf-8', 'bad request\n');
      return;
    }
    if (path === '/' || path === '/index.html') {
      send(response, 200, TYPES['.html'] as string, page);
      return;
    }
    if (path === '/scenarios.json') {
      send(response, 200, TYPES['.json'] as string, JSON.stringify(scenarios()));
      return;
    }
    if (path === '/events') {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    const file = resolve(appDir, `.${path}`);
    if (file !== appDir && !file.startsWith(appDir + sep)) {
      send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const cache = HASHED_ASSET.test(path) ? IMMUTABLE : 'no-store';
      send(response, 200, type, await readFile(file), cache);
    } catch {
      send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'error\n');
      else response.end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  port = (server.address() as AddressInfo).port;

  // A folder that cannot be watched: its files are still served, without live reload.
  const watch = watchFiles(options.files, {
    settleMs: options.settle ?? 100,
    onChange: () => {
      const data = JSON.stringify(scenarios());
      for (const listener of listeners) listener.write(`event: scenarios\ndata: ${data}\n\n`);
    },
    onError: () => undefined,
  });
  // Keeps proxies and browsers from timing the stream out while nothing changes.
  const keepAlive = setInterval(() => {
    for (const listener of listeners) listener.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        clearInterval(keepAlive);
        watch.close();
        for (const listener of listeners) listener.end();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
