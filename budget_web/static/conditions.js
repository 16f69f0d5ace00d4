// The condition editor's helpers (budget_web/templates/_condition_form.html). The editor
// works without them; each only saves the user a step:
// - changing a row's fact or comparison presses its "show its choices" button, so the server
//   re-renders the row with the value field that fits (everything typed is posted and kept);
// - a value is checked as it is typed, by the rule the server put on the field (data-kind,
//   data-min, data-max, data-list) and with the server's translated message (data-bad,
//   data-none; "{typed}" stands for the text). The server's check on saving stays the
//   authority: nothing here stops the form from being sent.
(function () {
  "use strict";
  var editor = document.querySelector("section.condition-editor");
  if (!editor) { return; }
  var form = editor.closest("form");

  editor.querySelectorAll("select[name$='.fact'], select[name$='.op']").forEach(function (select) {
    select.addEventListener("change", function () {
      var path = select.name.replace(/\.(fact|op)$/, "");
      var button = form && form.querySelector(
        "button[name=action][value='refresh:" + path + "']");
      if (!button) { return; }
      if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
    });
  });

  // The same readings as budget_web/input/form_input.py.
  var SPACES = /[\u00a0\u202f\u2009 ]+/g;
  function whole(text) {
    var m = /^(-?)(\d{1,3}(?: \d{3})+|\d+)$/.exec(text.replace(SPACES, " ").trim());
    if (!m || m[2].replace(/\D/g, "").length > 15) { return null; }
    return Number(m[1] + m[2].replace(/ /g, ""));
  }
  function dateProblem(text) {  // "", "bad" (not a way of writing a date) or "none" (no such day)
    text = text.replace(SPACES, "");
    var m, y, mo, d;
    if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) { y = +m[1]; mo = +m[2]; d = +m[3]; }
    else if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})\.?$/.exec(text)) ||
             (m = /^(\d{2})(\d{2})(\d{4})$/.exec(text))) { d = +m[1]; mo = +m[2]; y = +m[3]; }
    else { return "bad"; }
    var date = new Date(Date.UTC(y, mo - 1, d));
    date.setUTCFullYear(y);  // years below 100 too
    var exists = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 &&
      date.getUTCDate() === d && y >= 1;
    return exists ? "" : "none";
  }
  function problemOf(input) {
    var typed = input.value;
    if (!typed.trim()) { return ""; }  // "required" is said on saving (a parameter may fill it)
    var said = function (name, what) {
      return (input.getAttribute(name) || "").split("{typed}").join(what);
    };
    if (input.getAttribute("data-kind") === "date") {
      var kind = dateProblem(typed);
      return kind ? said("data-" + kind, typed.trim()) : "";
    }
    var low = Number(input.getAttribute("data-min"));
    var high = Number(input.getAttribute("data-max"));
    var items = input.getAttribute("data-list") === "1"
      ? typed.split(/[;,]/).map(function (t) { return t.trim(); }).filter(Boolean)
      : [typed.trim()];
    for (var i = 0; i < items.length; i++) {
      var number = whole(items[i]);
      if (number === null || number < low || number > high) {
        return said("data-bad", items[i]);
      }
    }
    return "";
  }

  editor.querySelectorAll("input[data-kind]").forEach(function (input) {
    var out = document.getElementById("chk-" + input.name);
    if (!out) { return; }
    var server = document.getElementById("err-" + input.name);
    function check() {
      var text = problemOf(input);
      if (server) { server.hidden = true; }  // it spoke of the text typed before
      out.textContent = text;
      out.classList.toggle("field-error", !!text);
      if (text) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", out.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }
    input.addEventListener("input", check);
  });
})();
