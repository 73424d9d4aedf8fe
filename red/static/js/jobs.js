// The job page updates itself: it asks /trabajos/<id>/estado every two seconds and moves
// the progress bar and the counters; when the job ends it reloads to show the result.
// Without JavaScript the page has a plain "Actualizar" link.
(function () {
  "use strict";
  var box = document.getElementById("job-running");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var number = new Intl.NumberFormat("es-CO");
  function set(id, text) {
    var node = document.getElementById(id);
    if (node) { node.textContent = text; }
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        if (!state.running) { window.location.reload(); return; }
        document.getElementById("job-progress").value = state.percent;
        document.getElementById("job-progress").textContent = state.percent + " %";
        set("job-status", state.status_label);
        set("job-checked", number.format(state.rows_checked));
        set("job-written", number.format(state.rows_written));
        if (state.rows_total) { set("job-total", number.format(state.rows_total)); }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
