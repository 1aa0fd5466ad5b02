// xlquartier: how the add-in signs in. Replaces xlwings Server's static/js/auth.js.
//
// xlwings Server's client calls globalThis.getAuth() before every request (custom
// functions, buttons) and sends the token it returns in the Authorization header.
// With Microsoft Entra ID that is the single-sign-on token; otherwise it is the office's
// access token, entered once in the task pane and kept in this device's local storage.
// The session id names this task pane (and the ribbon and functions that share its
// runtime), so the documents it makes are offered to it and to no one else.
(function () {
  const TOKEN_KEY = "xlquartier.token";
  let memoryToken = "";

  function newSession() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // one per task pane: kept when the pane reloads (same browser session), new in a new one
  function session() {
    try {
      let id = sessionStorage.getItem("xlquartier.session");
      if (!/^[0-9a-f]{32}$/.test(id || "")) {
        id = newSession();
        sessionStorage.setItem("xlquartier.session", id);
      }
      return id;
    } catch {
      return newSession();
    }
  }

  globalThis.xqSession = globalThis.xqSession || session();

  globalThis.xqToken = {
    get() {
      try {
        return localStorage.getItem(TOKEN_KEY) || memoryToken;
      } catch {
        return memoryToken;
      }
    },
    set(token) {
      memoryToken = token;
      try {
        localStorage.setItem(TOKEN_KEY, token);
      } catch {
        // private mode: the token lives as long as this runtime
      }
    },
    clear() {
      memoryToken = "";
      try {
        localStorage.removeItem(TOKEN_KEY);
      } catch {
        // nothing stored
      }
    },
  };

  globalThis.getAuth = async function () {
    if (globalThis.config && globalThis.config.authProviders.includes("entraid")) {
      return { token: await globalThis.xlwings.getAccessToken(), provider: "entraid" };
    }
    const token = globalThis.xqToken.get();
    return { token: token ? "Bearer " + token : "", provider: "xlquartier" };
  };
})();
