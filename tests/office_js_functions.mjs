// Runs the add-in's own custom-functions client under node and prints the requests it sends.
//
// Input (stdin, JSON): {origin, code, auth, token, workbook, calls: [{name, args, address}]}
//   code: custom-functions-code.js as the server serves it (xlwings Server's base() plus the
//         generated CustomFunctions.associate stubs); auth: the served static/js/auth.js.
// Output (stdout, JSON): [{url, headers, body}] - one request per call, exactly as built by
// base()/makeServerCall, with the Authorization header from getAuth() in auth.js.
//
// Only what Excel would provide is stubbed (Office, Excel, CustomFunctions, localStorage,
// the culture settings); the request itself is captured at globalThis.xwRequest.post.
import vm from "node:vm";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));

const registry = {};
const captured = [];
const storage = new Map();
const context = {
  console,
  crypto: globalThis.crypto,
  setTimeout,
  localStorage: {
    getItem: (key) => (storage.has(key) ? storage.get(key) : null),
    setItem: (key, value) => storage.set(key, String(value)),
    removeItem: (key) => storage.delete(key),
  },
  window: { location: { origin: input.origin } },
  config: {
    appPath: "",
    authProviders: [],
    customFunctionsMaxRetries: 1,
    customFunctionsRetryCodes: [],
    requestTimeout: 300,
    onWasm: false,
  },
  Office: {
    onReady(callback) {
      if (callback) callback({ host: "Excel" });
      return Promise.resolve({ host: "Excel" });
    },
    context: {
      requirements: {
        isSetSupported: (name, version) =>
          name === "CustomFunctionsRuntime" ? Number(version) <= 1.4 : true,
      },
    },
  },
  Excel: {
    RequestContext: class {
      constructor() {
        this.workbook = { name: input.workbook, load() {} };
      }
      async sync() {}
    },
  },
  CustomFunctions: {
    associate: (id, fn) => (registry[id] = fn),
    Error: class extends Error {},
    ErrorCode: { invalidValue: "#VALUE!" },
  },
  xlwings: {
    getCultureInfoName: async () => "de-DE",
    getDateFormat: async () => "TT.MM.JJJJ",
  },
  xwRequest: {
    async post(url, body, options) {
      captured.push({ url, headers: options.headers, body });
      return { data: { result: [["captured"]] } };
    },
  },
};
context.globalThis = context;
vm.createContext(context);
vm.runInContext(input.auth, context, { filename: "auth.js" });
context.xqToken.set(input.token);
vm.runInContext(input.code, context, { filename: "custom-functions-code.js" });

for (const call of input.calls) {
  const fn = registry[call.name.toUpperCase()];
  if (!fn) throw new Error(`not associated: ${call.name}`);
  await fn(...call.args, { address: call.address, setResult() {} });
}
process.stdout.write(JSON.stringify(captured));
