/**
 * The visual debugger's performance in Chromium, on the built app (`npm run build` first):
 * first render, frame times while playing large clusters, the time to rewind a long run, the
 * longest task while the largest run is drawn and played, and the gzipped JavaScript loaded at
 * start. Prints a table and writes bench/browser-results.json.
 * Targets are reported, not asserted: a benchmark is not a test.
 *
 *   npx tsx bench/browser.ts [--quick] [--only first,play,rewind,huge,million,bundle]
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, playAndSeek, startPreviewServer } from '../test/browser/helpers';

const QUICK = process.argv.includes('--quick');
const ONLY = (() => {
  const at = process.argv.indexOf('--only');
  return at < 0 ? undefined : new Set((process.argv[at + 1] ?? '').split(','));
})();
const wanted = (measure: string) => ONLY === undefined || ONLY.has(measure);
const VIEWPORT = { width: 1440, height: 1000 };

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: 'ms' | 'KB';
  readonly target?: { readonly below: number };
  readonly detail?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function clusterYaml(processing: number, vps: number): string {
  return [
    `name: Bench cluster, ${processing + 3} hosts, ${vps} VPSs`,
    'system: serverware',
    'topology: cluster',
    'version: { from: 3.2.4 }',
    `hosts: { processing: ${processing} }`,
    `vps: ${vps}`,
    '',
  ].join('\n');
}

function shareHash(yaml: string): string {
  return `#s=${Buffer.from(yaml, 'utf8').toString('base64url')}`;
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles this file keeping function names (`__name(fn, "loop")`), and functions passed
  // to the page carry the call: give the page the helper.
  await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return page;
}

/** (a) Navigation start → the first scenario's host cards in the DOM, and the frame after. */
async function firstRender(browser: Browser, url: string) {
  const dom: number[] = [];
  const frame: number[] = [];
  const runs = QUICK ? 3 : 7;
  for (let run = 0; run < runs; run++) {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      const found = () =>
        document.querySelector('[data-testid="app-root"] [data-testid="host-card"]');
      const observer = new MutationObserver(() => {
        if (!found()) return;
        observer.disconnect();
        const shown = performance.now();
        requestAnimationFrame(() => {
          // The frame that paints it: after this rAF callback, the browser renders.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            (window as unknown as { __firstRender: unknown }).__firstRender = {
              dom: shown,
              frame: performance.now(),
            };
          };
          channel.port2.postMessage(null);
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => '__firstRender' in window);
    const times = await page.evaluate(
      () => (window as unknown as { __firstRender: { dom: number; frame: number } }).__firstRender,
    );
    // Ignore the first, cold run of the browser process.
    if (run > 0) {
      dom.push(times.dom);
      frame.push(times.frame);
    }
    await page.context().close();
  }
  return { dom: median(dom), frame: median(frame), runs: frame.length };
}

/** (d) The JavaScript the app loads at start, gzipped. */
async function startBundle(browser: Browser, url: string) {
  const page = await newPage(browser);
  const files = new Map<string, Buffer>();
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (!path.endsWith('.js')) return;
    pending.push(
      response.body().then(
        (body) => void files.set(path, body),
        () => undefined,
      ),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('[data-testid="host-card"]').first().waitFor();
  await Promise.all(pending);
  await page.context().close();
  let raw = 0;
  let gzip = 0;
  const perFile: { file: string; raw: number; gzip: number }[] = [];
  for (const [file, body] of files) {
    const zipped = gzipSync(body).length;
    raw += body.length;
    gzip += zipped;
    perFile.push({ file: file.replace(/^.*\//, ''), raw: body.length, gzip: zipped });
  }
  return { raw, gzip, files: perFile.sort((a, b) => b.gzip - a.gzip) };
}

/** Loads a scenario through a share link and waits for its run on screen. */
async function openShared(browser: Browser, url: string, yaml: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(url + shareHash(yaml), { waitUntil: 'load' });
  await page.locator('[data-testid="host-card"]').first().waitFor({ timeout: 120_000 });
  return page;
}

/** (b) requestAnimationFrame deltas over `ms` of playback at 1000×. */
async function playback(browser: Browser, url: string, yaml: string, ms: number) {
  const page = await openShared(browser, url, yaml);
  const transitions = await page
    .locator('[data-testid="cursor"]')
    .innerText()
    .then((text) => Number(/of (\d+)/.exec(text)?.[1] ?? 0));
  await page.locator('[data-testid="speed"]').selectOption('1000');
  await page.locator('[data-testid="play"]').click();
  // Settle into playback before measuring.
  await page.waitForTimeout(500);
  const deltas = await page.evaluate(
    (duration) =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        const start = performance.now();
        const loop = (now: number) => {
          times.push(now);
          if (now - start < duration) requestAnimationFrame(loop);
          else resolve(times.slice(1).map((time, index) => time - (times[index] as number)));
        };
        requestAnimationFrame(loop);
      }),
    ms,
  );
  const stillPlaying =
    (await page.locator('[data-testid="play"]').getAttribute('aria-label')) === 'Pause';
  const cursor = Number(await page.locator('[data-testid="cursor"]').getAttribute('data-cursor'));
  await page.context().close();
  return {
    median: median(deltas),
    p95: percentile(deltas, 95),
    max: Math.max(...deltas),
    frames: deltas.length,
    transitions,
    cursor,
    stillPlaying,
  };
}

/** (c) Input event → the view updated after seeking a long run, by keyboard and by the playhead. */
async function rewind(browser: Browser, url: string, yaml: string) {
  const page = await openShared(browser, url, yaml);
  const transitions = await page
    .locator('[data-testid="cursor"]')
    .innerText()
    .then((text) => Number(/of (\d+)/.exec(text)?.[1] ?? 0));
  await page.evaluate(() => {
    const state = window as unknown as {
      __input?: number;
      __seeks: { dom: number; frame: number }[];
    };
    state.__seeks = [];
    for (const type of ['keydown', 'pointerdown']) {
      window.addEventListener(
        type,
        (event) => {
          state.__input = event.timeStamp;
        },
        { capture: true },
      );
    }
    const cursor = document.querySelector('[data-testid="cursor"]');
    if (!cursor) throw new Error('no cursor');
    new MutationObserver(() => {
      const input = state.__input;
      if (input === undefined) return;
      state.__input = undefined;
      const dom = performance.now() - input;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () =>
          state.__seeks.push({ dom, frame: performance.now() - input });
        channel.port2.postMessage(null);
      });
    }).observe(cursor, { attributes: true, attributeFilter: ['data-cursor'] });
  });
  const lane = page.locator('[data-testid="axis-lane"]');
  // Cards above the timeline change height with the instant shown: aim at where it is now.
  const click = async (ratio: number) => {
    await lane.scrollIntoViewIfNeeded();
    const box = await lane.boundingBox();
    if (!box) throw new Error('no timeline');
    await page.mouse.click(box.x + box.width * ratio, box.y + box.height / 2);
  };
  const actions: (() => Promise<void>)[] = [
    () => page.keyboard.press('End'),
    () => page.keyboard.press('Home'),
  ];
  for (const ratio of [0.73, 0.12, 0.5, 0.91, 0.33, 0.05, 0.66, 0.27]) {
    actions.push(() => click(ratio));
  }
  actions.push(
    () => page.keyboard.press('End'),
    () => page.keyboard.press('Shift+ArrowLeft'),
    () => page.keyboard.press('Home'),
  );
  for (const action of actions) {
    const before = await page.evaluate(
      () => (window as unknown as { __seeks: unknown[] }).__seeks.length,
    );
    await action();
    await page.waitForFunction(
      (count) => (window as unknown as { __seeks: unknown[] }).__seeks.length > count,
      before,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(100);
  }
  const seeks = await page.evaluate(
    () => (window as unknown as { __seeks: { dom: number; frame: number }[] }).__seeks,
  );
  await page.context().close();
  return {
    transitions,
    seeks: seeks.length,
    dom: median(seeks.map((seek) => seek.dom)),
    median: median(seeks.map((seek) => seek.frame)),
    max: Math.max(...seeks.map((seek) => seek.frame)),
    each: seeks.map((seek) => ({ dom: round(seek.dom), frame: round(seek.frame) })),
  };
}

/**
 * (e) The longest task that blocked the main thread (Long Tasks API) while a run of the most
 * hosts a scenario may have, a Cluster of 997 processing hosts (with `vps` VPSs: 10, or the most
 * a scenario may have, a million), comes from the worker and is drawn; then while it plays at
 * 1000× for 3 s and seeks to its end and back.
 */
async function hugeRun(browser: Browser, url: string, vps = 10) {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const tasks = () =>
    page.evaluate(() => [...(window as unknown as { __longTasks: number[] }).__longTasks]);
  await page.goto(url + shareHash(clusterYaml(997, vps)), { waitUntil: 'load' });
  await page.locator('[data-testid="host-card"]').first().waitFor({ timeout: 180_000 });
  await page.locator('[data-testid="run-status"]').waitFor({ state: 'detached', timeout: 180_000 });
  await page.waitForTimeout(1_000);
  const drawn = await tasks();
  await playAndSeek(page);
  const played = (await tasks()).slice(drawn.length);
  await page.context().close();
  // The first long tasks are the app's own start, before the run is simulated.
  return {
    drawn: Math.max(0, ...drawn),
    played: Math.max(0, ...played),
    tasks: { drawn: drawn.map((task) => round(task)), played: played.map((task) => round(task)) },
  };
}

async function main() {
  const server = await startPreviewServer();
  const browser = await launchBrowser();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  try {
    if (wanted('first')) {
      const first = await firstRender(browser, server.url);
      details.firstRender = first;
      figures.push({
        name: 'first render (navigation → topology painted)',
        value: round(first.frame),
        unit: 'ms',
        target: { below: 1000 },
        detail: `in the DOM at ${round(first.dom)} ms; median of ${first.runs}`,
      });
    }

    if (wanted('play')) {
      const seconds = QUICK ? 2000 : 5000;
      for (const [processing, vps, target] of [
        [17, 500, 17],
        [97, 5000, 34],
      ] as const) {
        const result = await playback(browser, server.url, clusterYaml(processing, vps), seconds);
        details[`playback${processing + 3}`] = result;
        const label = `${processing + 3} hosts, ${vps.toLocaleString('en')} VPSs`;
        figures.push({
          name: `frame p95 while playing at 1000× (${label})`,
          value: round(result.p95),
          unit: 'ms',
          target: { below: target },
          detail: `median ${round(result.median)} ms, max ${round(result.max)} ms, ${result.frames} frames${result.stillPlaying ? '' : ', playback ended early'}`,
        });
      }
    }

    if (wanted('rewind')) {
      const long = await rewind(browser, server.url, clusterYaml(400, 2000));
      details.rewind = long;
      figures.push({
        name: `rewind a run of ${long.transitions.toLocaleString('en')} transitions (input → next frame)`,
        value: round(long.median),
        unit: 'ms',
        target: { below: 100 },
        detail: `median of ${long.seeks} seeks (keyboard and playhead), max ${round(long.max)} ms; DOM updated at ${round(long.dom)} ms`,
      });
    }

    // The same two figures for a thousand hosts and for a million VPSs on them.
    const large = [
      { id: 'huge', vps: undefined, what: '1,000 hosts (997 processing)', drawnBelow: 200 },
      { id: 'million', vps: 1_000_000, what: '1,000 hosts and 1,000,000 VPSs', drawnBelow: 2000 },
    ] as const;
    for (const { id, vps, what, drawnBelow } of large) {
      if (!wanted(id)) continue;
      const runs = QUICK ? 1 : 3;
      const each: Awaited<ReturnType<typeof hugeRun>>[] = [];
      for (let run = 0; run < runs; run++) each.push(await hugeRun(browser, server.url, vps));
      details[id] = each;
      figures.push(
        {
          name: `longest task drawing a run of ${what}`,
          value: round(median(each.map((run) => run.drawn))),
          unit: 'ms',
          target: { below: drawnBelow },
          detail: `median of ${runs}: ${each.map((run) => round(run.drawn)).join(', ')} ms`,
        },
        {
          name: 'longest task playing and seeking it',
          value: round(median(each.map((run) => run.played))),
          unit: 'ms',
          target: { below: 200 },
          detail: `median of ${runs}: ${each.map((run) => round(run.played)).join(', ')} ms`,
        },
      );
    }

    if (wanted('bundle')) {
      const bundle = await startBundle(browser, server.url);
      details.startBundle = bundle;
      figures.push({
        name: 'JavaScript loaded at start, gzipped',
        value: round(bundle.gzip / 1024),
        unit: 'KB',
        target: { below: 300 },
        detail: `${bundle.files.length} files, ${round(bundle.raw / 1024)} KB raw`,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const rows = figures.map((figure) => {
    const met =
      figure.target === undefined ? '' : figure.value < figure.target.below ? 'yes' : 'NO';
    return [
      figure.name,
      `${figure.value} ${figure.unit}`,
      figure.target ? `< ${figure.target.below} ${figure.unit}` : '',
      met,
      figure.detail ?? '',
    ];
  });
  const header = ['measure', 'value', 'target', 'met', 'detail'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  writeFileSync(
    'bench/browser-results.json',
    `${JSON.stringify({ chromium: browser.version(), quick: QUICK, figures, details }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
