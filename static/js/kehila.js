// Kehila's own behaviour, small on purpose: htmx does the requests.
(function () {
  "use strict";

  // Person picker: a chosen person moves from the search results to the chosen list, so a
  // new search does not drop them.
  document.addEventListener("change", function (event) {
    var input = event.target;
    var picker = input.closest && input.closest("[data-search-picker]");
    if (!picker || !input.checked || !input.closest("[data-results]")) return;
    var chosen = picker.querySelector("[data-chosen]");
    if (!picker.hasAttribute("data-multiple")) chosen.innerHTML = "";
    var label = input.closest("label");
    label.classList.add("list-group-item-primary");
    chosen.appendChild(label);
  });

  // The person form: the sections of the chosen kind show, the others fold away. Their inputs
  // stay in the form, so switching back loses nothing; without JavaScript the kind is chosen
  // on the page before and the server shows the right sections.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.name !== "kind" || !select.closest("[data-kind-form]")) return;
    select.closest("form").querySelectorAll("[data-kind-section]").forEach(function (section) {
      section.hidden = section.getAttribute("data-kind-section").split(" ").indexOf(select.value) < 0;
    });
  });

  // A print button (data-print): the page's print styles leave out navigation and buttons.
  // Here rather than onclick="…", which the Content-Security-Policy would block.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // Buttons that destroy or close something ask first (the server does not rely on it).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // A form that starts long work (data-busy: an import of thousands of rows) shows that it
  // is running instead of a page that seems frozen: its buttons are disabled against a
  // second submit, and its message ([data-busy-message], inside a role="status" region)
  // shows. Registered after the confirmation above, so a cancelled submit changes nothing.
  function setBusy(form, busy) {
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = busy;
    });
    form.querySelectorAll("[data-busy-message]").forEach(function (message) {
      message.classList.toggle("d-none", !busy);
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-busy")) return;
    // After this turn, so the submit goes ahead with the button still enabled.
    window.setTimeout(function () { setBusy(form, true); }, 0);
  });
  // Back to the page from the browser's cache: the work is over, the form is usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy]").forEach(function (form) { setBusy(form, false); });
  });

  // After a failed submit, move focus to the error summary (or the first invalid field) so
  // that screen readers announce what went wrong; also after an in-place (htmx) update.
  function focusErrors(root) {
    var target = root.querySelector("#form-errors, [data-error-summary], .is-invalid");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/INPUT|SELECT|TEXTAREA/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrors(event.detail.target); });

  // A block redrawn in place (data-keeps-focus: the follow-ups a "done" button closed) takes
  // the focus its vanished button had, so keyboard users stay where they were.
  document.addEventListener("htmx:afterSettle", function (event) {
    var old = event.detail.target;
    if (!old || !old.id || (document.activeElement && document.activeElement !== document.body)) return;
    var redrawn = document.getElementById(old.id);
    if (redrawn && redrawn.hasAttribute("data-keeps-focus")) redrawn.focus();
  });
})();
