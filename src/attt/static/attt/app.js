// ATTT: progressive enhancements only; every page works without script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// A form marked data-once sends once: its submit buttons are disabled after the first press
// (the server also refuses a repeat of the same post, see attt/core/once.py).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-once]") || event.defaultPrevented) { return; }
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])").forEach(function (b) {
      b.disabled = true;
    });
  }, 0);
});
