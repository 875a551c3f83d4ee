// Lighthouse on many addresses with one node process and one Chromium: what the
// `lighthouse` command does for one address (the same settings: mobile emulation,
// simulated throttling, storage and cache reset before each page), without starting node,
// loading Lighthouse and launching Chromium again for every page.
//
//   CHROME_PATH=/usr/bin/chromium node lighthouse_batch.mjs FOLDER URL... -- CHROME_FLAG...
//
// Writes the report of the n-th URL (from 0) to FOLDER/n.json. A run Chromium spoils
// (no trace recorded: Lighthouse's "Please run Lighthouse again") is tried again in a freshly
// launched Chromium, up to five times in all; any other failure stops the batch with a
// one-line message on stderr and exit status 1.

import fs from 'node:fs';
import path from 'node:path';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const ATTEMPTS = 5;
const AGAIN = 'Please run Lighthouse again';
const SETTINGS = {
  logLevel: 'silent',
  output: 'json',
  onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  disableFullPageScreenshot: true,
};

function fail(message) {
  process.stderr.write(`lighthouse_batch: ${message}\n`);
  process.exit(1);
}

function text(error) {
  const friendly = error.friendlyMessage;
  return (typeof friendly === 'string' ? friendly : friendly?.formattedDefault) ||
    error.message || String(error);
}

const args = process.argv.slice(2);
const split = args.includes('--') ? args.indexOf('--') : args.length;
const [folder, ...urls] = args.slice(0, split);
const chromeFlags = args.slice(split + 1);
if (!folder || urls.length === 0) {
  fail('usage: node lighthouse_batch.mjs FOLDER URL... -- CHROME_FLAG...');
}
if (!process.env.CHROME_PATH || !fs.existsSync(process.env.CHROME_PATH)) {
  fail(`no Chromium at CHROME_PATH (${process.env.CHROME_PATH ?? 'not set'}): ` +
    'set it to the Chromium to run');
}
fs.mkdirSync(folder, {recursive: true});

let chrome;
let launches = 0;

async function launch() {
  const userDataDir = path.join(folder, `profile-${launches++}`);
  fs.mkdirSync(userDataDir);
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH, chromeFlags, userDataDir, logLevel: 'silent',
  });
}

function stop() {
  try {
    chrome?.kill();
  } catch {
    // already gone
  }
  chrome = undefined;
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stop();
    process.exit(1);
  });
}
for (const event of ['unhandledRejection', 'uncaughtException']) {
  process.on(event, reason => {
    stop();
    fail(`${event}: ${reason}`);
  });
}

async function measure(url) {
  let problem = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (!chrome) await launch();
    try {
      const result = await lighthouse(url, {...SETTINGS, port: chrome.port});
      const error = result.lhr.runtimeError;
      if (!error) return result.report;
      problem = `${error.code}: ${error.message}`;
    } catch (error) {
      problem = text(error);
    }
    if (!problem.includes(AGAIN)) break;
    // Chromium recorded no trace: try again in a fresh one, as with a fresh command
    process.stderr.write(`lighthouse_batch: ${url}: ${problem} (attempt ${attempt + 1})\n`);
    stop();
  }
  stop();
  fail(`${url}: ${problem}`);
}

try {
  for (const [index, url] of urls.entries()) {
    const report = await measure(url);
    fs.writeFileSync(path.join(folder, `${index}.json`), report);
  }
} catch (error) {
  stop();
  fail(text(error));
}
stop();
