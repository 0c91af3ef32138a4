/**
 * The system Chromium for the browser tests (Debian's `chromium`; .ci/run installs it as it installs
 * Redis). Where it is missing the tests skip with one line that says why and how to run them, except on
 * CI (CI=true), where a missing browser is a failure: a green CI must have run them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext, TestFn } from 'ava';
import puppeteer, { type Browser } from 'puppeteer-core';

const NAMES = ['chromium', 'chromium-browser'];

export const CHROMIUM_MISSING =
  'no chromium on PATH: to run the browser tests, apt-get install chromium (or set MLP_SWEEP_CHROMIUM to a Chromium binary)';

export function chromiumPath(): string | null {
  const given = process.env.MLP_SWEEP_CHROMIUM;
  if (given !== undefined && given !== '') return given;
  // looked up on PATH, as redis-server is, so a machine (or `without chromium`) that lacks it skips
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const dir of dirs) {
    for (const name of NAMES) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  return null;
}

/** The test function for browser tests: `test`, or, without a browser, one skipped line (one failure on CI). */
export function browserTest(test: TestFn): TestFn | null {
  if (chromiumPath() !== null) return test;
  if (process.env.CI === 'true') {
    test('the browser tests have a Chromium to run in', (t) => t.fail(`${CHROMIUM_MISSING} (CI=true, so this fails rather than skips)`));
  } else {
    test.skip(`browser tests skipped: ${CHROMIUM_MISSING}`, () => undefined);
  }
  return null;
}

/** Headless Chromium with a fresh profile and no background traffic, closed (and its profile removed) when the test ends. */
export async function launchChromium(t: ExecutionContext): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'mlp-sweep-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath()!,
    headless: true,
    // a command Chromium never answers fails the test in a minute, not puppeteer's default three
    protocolTimeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  t.teardown(async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return browser;
}
