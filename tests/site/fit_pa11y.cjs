// pa11y (HTML_CodeSniffer, WCAG 2 AA) over a list of pages, as Open SDG's CI runs it.
// Reads {"executablePath": ..., "args": [...], "urls": [...], "tabs": n} as JSON on stdin; writes
// {"pa11y": version, "results": [{"url", "issues": [{"code", "message", "selector", "context"}]}]}
// on stdout, in the order of "urls". Errors only: warnings and notices are for a person to review.
// One browser; each of `tabs` tabs loads its share of the pages (waiting for "load", not for the
// network to be idle as pa11y would: the pages start no requests after load that change them) and
// pa11y checks the loaded page.
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
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
      const result = await pa11y(url, {
        browser,
        page,
        ignoreUrl: true,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeNotices: false,
        includeWarnings: false,
        timeout: 60000,
      });
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
  const version = require("pa11y/package.json").version;
  process.stdout.write(JSON.stringify({ pa11y: version, results }));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
