// Run a Python file in real Pyodide under node, offline: the tests' stand-in for xlwings Lite.
//
//   node run.mjs --pyodide pyodide-0.27 --mount /host/site:/site --mount /host/demo:/data \
//        --env XLWINGS_ON_SERVER=true script.py [args...]
//
// Pyodide comes from node_modules (npm ci); its compiled packages live only on its CDN, so
// nothing is loaded with loadPackage: pure-Python wheels, unpacked on the host, are mounted
// (NODEFS) and put on sys.path. The script sees its arguments in sys.argv; if it defines
// `async def pyodide_main()`, that is awaited after it ran (Pyodide's event loop is the
// browser's, so asyncio.run is not available). What it prints goes to stdout, a Python
// error to stderr with exit code 1.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
let alias = "pyodide-0.27";
const mounts = [];
const env = {};
while (args.length && args[0].startsWith("--")) {
  const [flag, value] = args.splice(0, 2);
  if (flag === "--pyodide") alias = value;
  else if (flag === "--mount") mounts.push(value.split(":"));
  else if (flag === "--env") env[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
  else throw new Error(`unknown option ${flag}`);
}
const [script, ...scriptArgs] = args;
const require = createRequire(import.meta.url);
const home = path.dirname(require.resolve(`${alias}/package.json`));
const { loadPyodide } = await import(pathToFileURL(path.join(home, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: home + path.sep,
  env: { HOME: "/home/pyodide", ...env },
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
for (const [host, guest] of mounts) {
  pyodide.FS.mkdirTree(guest);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: host }, guest);
}
pyodide.runPython(`import sys; sys.argv = ${JSON.stringify([script, ...scriptArgs])}`);
for (const [, guest] of mounts) {
  if (guest === "/site") pyodide.runPython("sys.path.insert(0, '/site')");
}
try {
  await pyodide.runPythonAsync(readFileSync(script, "utf8"), { filename: script });
  if (pyodide.globals.has("pyodide_main")) await pyodide.runPythonAsync("await pyodide_main()");
} catch (error) {
  process.stderr.write(String(error) + "\n");
  process.exit(1);
}
