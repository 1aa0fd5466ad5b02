// xlquartier task pane: buttons, sign-in, the session's documents and the office's logos.
//
// Buttons run their script through xlwings Server's own client (xlwings.runPython), with
// the login from getAuth() (auth.js) and this task pane's session id, then list the
// documents the script made. A document opens through a signed link that works for a few
// minutes, in the system browser on desktop Excel (Office.context.ui.openBrowserWindow).
import { request } from "./utils.js";

const config = JSON.parse(document.getElementById("xq-config").textContent);
const texts = config.texts;

// The page around the task pane is xlwings Server's: its few words in the server's language too.
function localizePage() {
  document.documentElement.lang = config.lang;
  document.title = "xlquartier";
  const problem = document.querySelector(".xlwings-office-ready-error-inner > div");
  if (problem) problem.textContent = texts.not_loaded;
  const reload = document.getElementById("xlwings-taskpane-reload-btn");
  if (reload) reload.textContent = texts.reload;
  const cancel = document.getElementById("xlwings-taskpane-reload-cancel-btn");
  if (cancel) cancel.textContent = texts.cancel;
}
localizePage();
const base = () => window.location.origin + (globalThis.config ? globalThis.config.appPath : "");

async function headers() {
  const auth = await globalThis.getAuth();
  return {
    Authorization: auth.token,
    "Auth-Provider": auth.provider,
    "X-XQ-Session": globalThis.xqSession,
  };
}

function problemText(error) {
  const data = error && error.response ? error.response.data : null;
  if (data && data.detail) return String(data.detail);
  if (typeof data === "string" && data) return data;
  return String(error && error.message ? error.message : error);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function size(bytes) {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function openLink(url) {
  const absolute = window.location.origin + url;
  if (
    Office.context.requirements.isSetSupported("OpenBrowserWindowApi", "1.1")
  ) {
    Office.context.ui.openBrowserWindow(absolute);
  } else {
    window.open(absolute, "_blank", "noopener");
  }
}

// ---- documents --------------------------------------------------------------------
async function listFiles() {
  const response = await request.get(base() + "/xq/files", {
    headers: await headers(),
  });
  return response.data;
}

export async function refreshFiles() {
  const list = document.getElementById("xq-files");
  let files;
  try {
    files = await listFiles();
  } catch (error) {
    if (error.response && error.response.status === 401) showLogin();
    return;
  }
  list.replaceChildren();
  if (!files.length) {
    list.append(element("li", "text-body-secondary", texts.no_documents));
    return;
  }
  for (const file of files) {
    const item = element("li", "xq-file");
    const link = element("a", "", file.name);
    link.href = file.url;
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      // the list may be older than its links: fetch fresh ones
      const fresh = (await listFiles()).find(
        (f) => f.name === file.name && f.created === file.created,
      );
      if (fresh) openLink(fresh.url);
      else refreshFiles();
    });
    item.append(link, element("span", "xq-size", size(file.size)));
    list.append(item);
  }
}

// ---- buttons ----------------------------------------------------------------------
export async function run(script, { fromRibbon = false } = {}) {
  const documents = config.documents.includes(script);
  if (fromRibbon && documents && Office.addin && Office.addin.showAsTaskpane) {
    try {
      await Office.addin.showAsTaskpane();
    } catch {
      // older Excel: the message box still says where the document is
    }
  }
  const button = document.querySelector(`[data-xq-script="${script}"]`);
  if (button) button.disabled = true;
  try {
    const auth = await globalThis.getAuth();
    await globalThis.xlwings.runPython({
      scriptName: script,
      auth: auth.token,
      headers: {
        "Auth-Provider": auth.provider,
        "X-XQ-Session": globalThis.xqSession,
      },
      errorDisplayMode: "taskpane",
    });
  } finally {
    if (button) button.disabled = false;
  }
  if (documents) await refreshFiles();
}

// ---- logos ------------------------------------------------------------------------
function sendBytes(method, url, body, extraHeaders) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    for (const [key, value] of Object.entries(extraHeaders)) {
      if (value != null) xhr.setRequestHeader(key, value);
    }
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve(xhr)
        : reject(
            new Error(
              (() => {
                try {
                  return JSON.parse(xhr.responseText).detail;
                } catch {
                  return xhr.statusText;
                }
              })(),
            ),
          );
    xhr.onerror = () => reject(new Error("Network error"));
    xhr.send(body);
  });
}

async function refreshLogos() {
  const list = document.getElementById("xq-logo-list");
  let names;
  try {
    names = (await request.get(base() + "/xq/logos", { headers: await headers() })).data;
  } catch {
    return;
  }
  list.replaceChildren();
  if (!names.length) {
    list.append(element("li", "text-body-secondary", texts.no_logos));
    return;
  }
  for (const name of names) {
    const item = element("li", "xq-logo");
    const remove = element("button", "btn btn-link btn-sm p-0", texts.delete);
    remove.type = "button";
    remove.addEventListener("click", async () => {
      await sendBytes(
        "DELETE",
        base() + "/xq/logos/" + encodeURIComponent(name),
        null,
        await headers(),
      );
      refreshLogos();
    });
    item.append(element("span", "", name), remove);
    list.append(item);
  }
}

async function uploadLogos(event) {
  const problem = document.getElementById("xq-logo-problem");
  problem.hidden = true;
  for (const file of event.target.files) {
    try {
      await sendBytes(
        "PUT",
        base() + "/xq/logos/" + encodeURIComponent(file.name),
        await file.arrayBuffer(),
        await headers(),
      );
    } catch (error) {
      problem.textContent = error.message;
      problem.hidden = false;
    }
  }
  event.target.value = "";
  refreshLogos();
}

// ---- sign-in ----------------------------------------------------------------------
function showLogin() {
  const login = document.getElementById("xq-login");
  if (login) login.hidden = false;
  const out = document.getElementById("xq-sign-out");
  if (out) out.hidden = true;
  document.getElementById("xq-who").hidden = true;
}

async function whoAmI() {
  try {
    return (await request.get(base() + "/xq/me", { headers: await headers() })).data;
  } catch (error) {
    if (error.response && error.response.status === 401) return null;
    throw error;
  }
}

async function signedIn(me) {
  const login = document.getElementById("xq-login");
  if (login) login.hidden = true;
  const out = document.getElementById("xq-sign-out");
  if (out) out.hidden = false;
  const who = document.getElementById("xq-who");
  who.textContent = me.several_offices
    ? `${texts.signed_in}: ${texts.office} ${me.office}`
    : texts.signed_in;
  who.hidden = false;
  await Promise.all([refreshFiles(), refreshLogos()]);
}

async function start() {
  await Office.onReady();
  globalThis.xq = { run, refreshFiles };
  for (const button of document.querySelectorAll("[data-xq-script]")) {
    button.addEventListener("click", () =>
      run(button.getAttribute("data-xq-script")),
    );
  }
  document.getElementById("xq-logo-upload").addEventListener("change", uploadLogos);
  const signIn = document.getElementById("xq-sign-in");
  if (signIn) {
    signIn.addEventListener("click", async () => {
      const input = document.getElementById("xq-token");
      const problem = document.getElementById("xq-login-problem");
      globalThis.xqToken.set(input.value.trim());
      const me = await whoAmI();
      if (me) {
        input.value = "";
        problem.hidden = true;
        signedIn(me);
      } else {
        globalThis.xqToken.clear();
        problem.textContent = texts.wrong_token;
        problem.hidden = false;
      }
    });
    document.getElementById("xq-sign-out").addEventListener("click", () => {
      globalThis.xqToken.clear();
      showLogin();
    });
  }
  const me = await whoAmI();
  if (me) signedIn(me);
  else showLogin();
}

globalThis.xq = { run, refreshFiles };
start().catch((error) => console.error(problemText(error)));
