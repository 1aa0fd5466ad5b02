// Runs the served task pane scripts (auth.js, ribbon.js, xlquartier.js with xlwings' utils.js)
// under node and reports what a click on each task pane button and each ribbon button does.
//
// Input (stdin, JSON): {folder, config, token, origin} - folder holds the served files
// auth.js, ribbon.js, xlquartier.js and utils.js; config is the page's xq-config.
// Output (stdout, JSON): {associated, pane: [runPython options], ribbon: [...], completed,
// requests: [{method, url, headers}]}.
//
// Only the browser and Office are stubbed (document, XMLHttpRequest, Office, xlwings.runPython);
// the scripts themselves run as served.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { pathToFileURL } from "node:url";

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const requests = [];
const runs = [];
const associated = {};
let completed = 0;

class Element {
  constructor(id, attributes = {}) {
    this.id = id;
    this.attributes = attributes;
    this.listeners = {};
    this.children = [];
    this.hidden = false;
    this.disabled = false;
    this.textContent = "";
    this.value = "";
    this.files = [];
  }
  getAttribute(name) {
    return this.attributes[name] ?? null;
  }
  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }
  async fire(type, event = {}) {
    for (const listener of this.listeners[type] || []) await listener({ preventDefault() {}, target: this, ...event });
  }
  replaceChildren(...nodes) {
    this.children = nodes;
  }
  append(...nodes) {
    this.children.push(...nodes);
  }
}

const elements = {};
for (const id of ["xq-who", "xq-login", "xq-token", "xq-sign-in", "xq-login-problem", "xq-files", "xq-logo-list",
  "xq-logo-upload", "xq-logo-problem", "xq-sign-out"]) {
  elements[id] = new Element(id);
}
elements["xq-config"] = new Element("xq-config");
elements["xq-config"].textContent = JSON.stringify(input.config);
const buttons = input.config.scripts.map((s) => new Element(`button-${s}`, { "data-xq-script": s }));

globalThis.document = {
  documentElement: {},
  title: "Task pane",
  getElementById: (id) => elements[id] || null,
  querySelectorAll: (selector) => (selector === "[data-xq-script]" ? buttons : []),
  querySelector: (selector) => (selector.startsWith(".xlwings") ? elements["xq-who"] && new Element("problem") : null) ||
    buttons.find((b) => selector === `[data-xq-script="${b.attributes["data-xq-script"]}"]`) || null,
  createElement: (tag) => new Element(tag),
  addEventListener() {},
};
globalThis.window = { location: { origin: input.origin }, open() {} };
const storage = new Map();
globalThis.localStorage = {
  getItem: (k) => (storage.has(k) ? storage.get(k) : null),
  setItem: (k, v) => storage.set(k, String(v)),
  removeItem: (k) => storage.delete(k),
};
globalThis.config = { appPath: "", authProviders: [] };
globalThis.Office = {
  onReady: async () => ({}),
  actions: { associate: (name, handler) => (associated[name] = handler) },
  addin: { showAsTaskpane: async () => {} },
  context: { requirements: { isSetSupported: () => false }, ui: {} },
};
globalThis.xlwings = { runPython: async (options) => runs.push(options) };
globalThis.XMLHttpRequest = class {
  open(method, url) {
    this.method = method;
    this.url = url;
    this.headers = {};
  }
  setRequestHeader(key, value) {
    this.headers[key] = value;
  }
  getResponseHeader() {
    return "application/json";
  }
  send() {
    requests.push({ method: this.method, url: this.url, headers: this.headers });
    const signedIn = this.headers.Authorization === `Bearer ${input.token}`;
    this.status = signedIn ? 200 : 401;
    this.responseText = JSON.stringify(
      !signedIn ? { detail: "no" } : this.url.endsWith("/xq/me") ? { office: "office", several_offices: false } : [],
    );
    setTimeout(() => this.onload(), 0);
  }
};

const folder = input.folder;
vm.runInThisContext(fs.readFileSync(path.join(folder, "auth.js"), "utf8"), { filename: "auth.js" });
globalThis.xqToken.set(input.token);
vm.runInThisContext(fs.readFileSync(path.join(folder, "ribbon.js"), "utf8"), { filename: "ribbon.js" });
await import(pathToFileURL(path.join(folder, "xlquartier.js")).href);
await new Promise((resolve) => setTimeout(resolve, 50)); // start(): sign-in check, lists

for (const button of buttons) await button.fire("click");
const pane = runs.splice(0);
for (const [name, handler] of Object.entries(associated)) {
  await handler({ completed: () => (completed += 1), name });
}
const ribbon = runs.splice(0);
process.stdout.write(
  JSON.stringify({ associated: Object.keys(associated), pane, ribbon, completed, requests,
                   who: elements["xq-who"].textContent, loginHidden: elements["xq-login"].hidden,
                   title: document.title, lang: document.documentElement.lang }),
);
