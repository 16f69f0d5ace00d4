// The case form's helpers. The form works without them; each only saves the user a step.
// - the error summary gets the focus, so a screen reader reads it and Tab goes to the links;
// - choosing a kind of assessment opens its panel at once (and closes the others);
// - a date field says which day it understood (the server reads the same forms);
// - a row of numbers pasted into an area's paste box fills its selects row by row;
// - in the full grid, a row not yet chosen is marked as it is on the server's page;
// - "add a row" reloads the page (the form works without JavaScript): it comes back with the
//   button where it was in the window, and the keyboard in the first empty row.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "lv";

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var radios = document.querySelectorAll("input[name=assessment_mode]");
  function openPanel(mode) {
    document.querySelectorAll("details[data-panel]").forEach(function (panel) {
      panel.open = panel.getAttribute("data-panel") === mode;
    });
  }
  // A grid row is "unfilled" while any of its selects is not chosen (the server marks the
  // same rows when the full grid is the chosen kind of assessment).
  function markRow(row) {
    var mode = document.querySelector("input[name=assessment_mode]:checked");
    var open = mode && mode.value === "items";
    row.classList.toggle("unfilled", open && Array.prototype.some.call(
      row.querySelectorAll("select"), function (s) { return s.value === ""; }));
  }
  function markGrid() {
    document.querySelectorAll("#panel-items tr[data-row]").forEach(markRow);
  }
  document.querySelectorAll("#panel-items tr[data-row] select").forEach(function (select) {
    select.addEventListener("change", function () { markRow(select.closest("tr")); });
  });
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) { openPanel(radio.value); markGrid(); }
    });
  });

  // The same readings as budget_web/form_input.py: day first, ISO, or eight digits ddmmyyyy.
  function readDate(text) {
    text = text.replace(/\s+/g, "");
    var m, y, mo, d;
    if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) { y = +m[1]; mo = +m[2]; d = +m[3]; }
    else if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})\.?$/.exec(text)) ||
             (m = /^(\d{2})(\d{2})(\d{4})$/.exec(text))) { d = +m[1]; mo = +m[2]; y = +m[3]; }
    else { return null; }
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      return false;
    }
    return date;
  }
  var words = {
    lv: {understood: "saprasts: ", bad: "nav datums (dd.mm.gggg)", none: "tādas dienas nav"},
    en: {understood: "understood: ", bad: "not a date (dd.mm.yyyy)", none: "no such day"}
  }[lang] || null;
  document.querySelectorAll("input[data-date]").forEach(function (input) {
    var out = input.parentNode.querySelector("output.understood");
    if (!out || !words) { return; }
    function show() {
      if (!input.value.trim()) { out.textContent = ""; return; }
      var date = readDate(input.value);
      if (date === null) { out.textContent = words.bad; }
      else if (date === false) { out.textContent = words.none; }
      else {
        out.textContent = words.understood + new Intl.DateTimeFormat(lang, {
          dateStyle: "long", timeZone: "UTC"}).format(date);
      }
    }
    input.addEventListener("input", show);
  });

  document.querySelectorAll("textarea[data-paste]").forEach(function (box) {
    box.closest(".paste").hidden = false;  // without JavaScript the box would do nothing
    box.addEventListener("input", function () {
      var base = box.getAttribute("data-paste");
      var columns = +box.getAttribute("data-columns");
      var numbers = (box.value.match(/\d+/g) || []).map(Number);
      numbers.forEach(function (value, index) {
        var name = columns === 1 ? base + "[" + index + "]"
          : base + "[" + Math.floor(index / columns) + "][" + (index % columns) + "]";
        var select = document.querySelector("select[name='" + name + "']");
        var fits = select && Array.prototype.some.call(select.options,
          function (o) { return o.value === String(value); });
        if (fits) {
          select.value = String(value);
          markRow(select.closest("tr"));
        }
      });
    });
  });

  var ADDED = "budget-engine:add-row";
  var addButtons = document.querySelectorAll("button[value=add_service], button[value=add_maintainer]");
  addButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      // Without JavaScript the address's #fragment brings the rows into view; here the
      // window is put back exactly, so the fragment is not needed.
      button.formAction = button.formAction.split("#")[0];
      try {
        sessionStorage.setItem(ADDED, JSON.stringify({
          button: button.value, top: button.getBoundingClientRect().top}));
      } catch (e) { /* no storage: the page simply opens at the top */ }
    });
  });
  var added = null;
  try {
    added = JSON.parse(sessionStorage.getItem(ADDED) || "null");
    sessionStorage.removeItem(ADDED);
  } catch (e) { added = null; }
  var back = added && document.querySelector("button[value=" + added.button + "]");
  if (back && !summary) {
    window.scrollBy(0, back.getBoundingClientRect().top - added.top);
    var table = back.parentNode.querySelector("table.rows");
    var empty = table && Array.prototype.find.call(table.querySelectorAll("tbody select"),
      function (s) { return s.value === ""; });
    if (empty) { empty.focus({preventScroll: true}); }
  }
})();
