// Background jobs: while a job runs, the buttons that start the same work are disabled
// (data-job-key="kind|target"); they come back when the polled progress says it finished.
(function () {
  function sync() {
    document.querySelectorAll("[data-job-start]").forEach(function (button) {
      var key = button.getAttribute("data-job-start");
      var panel = document.querySelector(".job-progress[data-job-key='" + key + "']");
      var state = panel && panel.getAttribute("data-job-state");
      button.disabled = state === "queued" || state === "running";
    });
  }
  document.addEventListener("htmx:afterSettle", sync);
  document.addEventListener("DOMContentLoaded", sync);
})();
