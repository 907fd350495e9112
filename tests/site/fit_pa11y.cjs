// pa11y (HTML_CodeSniffer, WCAG 2 AA) as Open SDG's CI runs it: errors only, warnings and notices are for
// a person to review. CONFIG is our configuration; pa11y adds its defaults.
//
// `node fit_pa11y.cjs --page-scripts` writes on stdout, as JSON, what pa11y puts into a page and how it
// runs it there (lib/pa11y.js: injectRunners, runPa11yWithOptions), built by pa11y's own code from its
// defaults and CONFIG: {"pa11y": version, "viewport": {...}, "scripts": [pa11y's runner, the runner bundle
// of each runner], "run": the options of window.__pa11y.run}. tests/site/sweep.py runs these in pages it
// has loaded.
//
// Otherwise it runs pa11y itself over a list of pages: it reads {"executablePath": ..., "args": [...],
// "urls": [...], "tabs": n} as JSON on stdin and writes {"pa11y": version, "results": [{"url", "status",
// "title", "issues": [{"code", "message", "selector", "context"}]}]} on stdout, in the order of "urls".
// One browser; each of `tabs` tabs loads its share of the pages (waiting for "load", not for the network
// to be idle as pa11y would: the pages start no requests after load that change them) and pa11y checks
// the loaded page.
"use strict";

const fs = require("fs");
const path = require("path");
const pa11y = require("pa11y");

const CONFIG = {
  standard: "WCAG2AA",
  runners: ["htmlcs"],
  includeNotices: false,
  includeWarnings: false,
};
const version = require("pa11y/package.json").version;

function pageScripts() {
  const option = require("pa11y/lib/option");
  const lib = path.dirname(require.resolve("pa11y/lib/pa11y.js"));
  const [, options] = option.parseArguments("http://127.0.0.1/", { ...CONFIG }, pa11y.defaults);
  const scripts = [fs.readFileSync(path.join(lib, "runner.js"), "utf-8")];
  for (const name of options.runners) {
    // As lib/pa11y.js's loadRunnerScript builds it.
    const { scripts: files, run } = require(path.join(lib, "runners", name));
    const bundle = files.map((file) => fs.readFileSync(file, "utf-8")).join("\n\n");
    scripts.push(`\n\t\t;${bundle};\n\t\t;window.__pa11y.runners[${JSON.stringify(name)}] = ${run.toString()};\n\t`);
  }
  const { hideElements, ignore, levelCapWhenNeedsReview, rootElement, rules, runners, standard, wait } = options;
  return {
    pa11y: version,
    viewport: options.viewport,
    scripts,
    run: { pa11yVersion: version, hideElements, ignore, levelCapWhenNeedsReview, rootElement, rules, runners,
      standard, wait },
  };
}

async function runPa11y() {
  const puppeteer = require("puppeteer");
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const { executablePath, args, urls, tabs = 2 } = JSON.parse(input);
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    // Puppeteer sets the headless mode itself.
    args: args.filter((arg) => !arg.startsWith("--headless")),
  });
  const results = new Array(urls.length);
  let next = 0;
  async function worker() {
    const page = await browser.newPage();
    for (let index = next++; index < urls.length; index = next++) {
      const url = urls[index];
      const response = await page.goto(url, { waitUntil: "load", timeout: 60000 });
      const result = await pa11y(url, { ...CONFIG, browser, page, ignoreUrl: true, timeout: 60000 });
      results[index] = {
        url,
        status: response ? response.status() : null,
        title: result.documentTitle,
        issues: result.issues
          .filter((issue) => issue.type === "error")
          .map(({ code, message, selector, context }) => ({ code, message, selector, context })),
      };
    }
    await page.close();
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, tabs) }, worker));
  } finally {
    await browser.close();
  }
  return { pa11y: version, results };
}

async function main() {
  const output = process.argv.includes("--page-scripts") ? pageScripts() : await runPa11y();
  process.stdout.write(JSON.stringify(output));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
