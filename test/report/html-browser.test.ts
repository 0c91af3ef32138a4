/**
 * report.html in a real browser: headless Chromium opens it from a file URL with the network cut off, and
 * the page must draw every chart without a console error, sort its tables, filter them, and brush the
 * parallel coordinates. The screenshot is kept in a temporary folder (its path is logged).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { writeReport } from '../../src/report/index.js';
import { browserTest, launchChromium } from '../helpers/chromium.js';
import { scratchResults } from '../helpers/report/results.js';

// The callbacks below run in the page; the project compiles without the DOM's types, so these stand in.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;

/** How long the test waits for its screenshot, which it only logs. */
const SCREENSHOT_WAIT_MS = 20_000;

const browser = browserTest(test);

if (browser !== null) {
  browser('report.html works offline: every chart drawn, no console error, tables sort and filter, parallel coordinates brush', async (t) => {
    const dir = path.join(scratchResults(t, 'lr-batch'), 'lr-batch');
    await writeReport(dir, { jobFigures: false });
    const chromium = await launchChromium(t);
    const page = await chromium.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.setOfflineMode(true);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('file:')) return void request.continue();
      requests.push(request.url());
      void request.abort();
    });

    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts]', { timeout: 60_000 });
    const drawn = await page.evaluate(() => ({
      charts: document.querySelectorAll('.chart').length,
      reported: Number(document.body.getAttribute('data-charts')),
      withSvg: [...document.querySelectorAll('.chart')].filter((c: any) => c.querySelector('svg.marks') !== null).map((c: any) => c.id),
    }));
    // lr-batch: curves, parallel coordinates, one heatmap (learning_rate × batch_size), one chart per setting.
    t.is(drawn.charts, 5);
    t.is(drawn.reported, drawn.charts);
    t.is(drawn.withSvg.length, drawn.charts, `charts drawn: ${drawn.withSvg.join(', ')}`);

    // Sort the configurations by validation accuracy: ascending on the first click, descending on the second.
    const column = await page.$$eval('#table-configurations thead th', (ths) => ths.findIndex((th) => th.textContent === 'validation accuracy (%)'));
    const firstKey = () => page.$eval('#table-configurations tbody tr', (tr, i) => Number(tr.children[i as number].getAttribute('data-sort')), column);
    const keys = () => page.$$eval('#table-configurations tbody tr', (trs, i) => trs.map((tr) => Number(tr.children[i as number].getAttribute('data-sort'))), column);
    const all = await keys();
    await page.click(`#table-configurations thead th:nth-child(${column + 1})`);
    t.is(await firstKey(), Math.min(...all));
    await page.click(`#table-configurations thead th:nth-child(${column + 1})`);
    t.is(await firstKey(), Math.max(...all));

    // Filter the jobs by a job id: only its row stays.
    const id = await page.$eval('#table-jobs tbody tr:last-child td', (td) => td.textContent);
    await page.type('input[data-table="table-jobs"]', ` ${id} `);
    t.is(await page.$eval('[data-for="table-jobs"]', (el) => el.textContent), '1 of 30 rows');

    // Brush the first axis (learning_rate, 0.003 at the bottom … 0.3 at the top) over its upper part.
    await page.$eval('#chart-parallel', (el) => el.scrollIntoView());
    const box = await page.evaluate(() => {
      const view = window.reportViews['chart-parallel'];
      const svg = document.querySelector('#chart-parallel svg').getBoundingClientRect();
      // The plot's top-left corner: the view's origin (room autosize made for labels) plus the spec's padding.
      const [x, y] = view.origin();
      return { x: svg.left + x + view.padding().left, y: svg.top + y + view.padding().top, total: view.data('jobs').length };
    });
    await page.mouse.move(box.x, box.y - 4);
    await page.mouse.down();
    await page.mouse.move(box.x + 2, box.y + 60, { steps: 5 });
    await page.mouse.move(box.x + 2, box.y + 90, { steps: 5 });
    await page.mouse.up();
    const selected = await page.evaluate(
      () => window.reportViews['chart-parallel'].data('selected').length as number,
    );
    // The top two of five learning rates (0.3 and 0.1), both batch sizes, three seeds.
    t.is(box.total, 30);
    t.is(selected, 12);

    const shots = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-report-screenshot-'));
    const file = path.join(shots, 'report.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    // For a person to look at, not checked: headless Chromium now and then never answers a capture
    // (puppeteer#12712 and others), which must not hold the run for the protocol's timeout
    const shot = page.screenshot({ path: file as `${string}.png` }).then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SCREENSHOT_WAIT_MS)));
    const took = await Promise.race([shot, late]);
    clearTimeout(timer);
    t.log(took ? `screenshot: ${file}` : `screenshot: Chromium gave none within ${SCREENSHOT_WAIT_MS / 1000} s (nothing checked depends on it)`);
    t.deepEqual(errors, []);
    t.deepEqual(requests, []);
  });
}
