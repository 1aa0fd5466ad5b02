// xlquartier: the ribbon's buttons. Replaces xlwings Server's static/js/ribbon.js.
//
// The manifest gives each script a ribbon button whose action is ExecuteFunction
// "xq-<script>"; here each of those names is tied to running the script, for every
// script the task pane lists (xq-config), so ribbon and task pane offer the same buttons.
(function () {
  const config = JSON.parse(document.getElementById("xq-config").textContent);
  for (const script of config.scripts) {
    Office.actions.associate("xq-" + script, async function (event) {
      try {
        await globalThis.xq.run(script, { fromRibbon: true });
      } finally {
        event.completed();
      }
    });
  }
})();
