// Progressive enhancement of the request form and the received page. First-party, no
// framework, no inline handlers (a strict CSP applies). Without JavaScript the form is a plain
// POST and the function answers with a redirect to the received page.
(function () {
  "use strict";

  // Localized long dates from the Fluent patterns the build renders for each month
  // ("99 ноября 9999 г." …): the same text as in the e-mails.
  function formatDate(iso, patternsJson) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso || "";
    try {
      var patterns = JSON.parse(patternsJson || "[]");
      var p = patterns[parseInt(m[2], 10) - 1];
      if (!p) return iso;
      return p.replace("9999", m[1]).replace("99", String(parseInt(m[3], 10)));
    } catch (e) {
      return iso;
    }
  }

  function setText(root, selector, text) {
    var el = root.querySelector(selector);
    if (el) el.textContent = text;
  }

  function initReceived() {
    var page = document.getElementById("received");
    if (!page) return;
    var params = new URLSearchParams(window.location.search);
    var id = params.get("id");
    var deadline = params.get("deadline");
    if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id)) return;
    var receipt = page.querySelector("[data-receipt]");
    setText(page, "[data-receipt-id]", id);
    setText(page, "[data-receipt-deadline]", formatDate(deadline, page.getAttribute("data-date-patterns")));
    if (receipt) receipt.hidden = false;
    showStatusLink(page, id);
  }

  // The link to the request's status page on the intake function: only for an id of the form
  // the function issues ("ip-" and 128 bits in lowercase hex); the base URL and the language
  // come from the template.
  function showStatusLink(page, id) {
    var status = page.querySelector("[data-receipt-status]");
    var link = page.querySelector("[data-receipt-status-link]");
    if (!status || !link || !/^ip-[0-9a-f]{32}$/.test(id)) return;
    var base = (status.getAttribute("data-status-base") || "").replace(/\/+$/, "");
    var lang = status.getAttribute("data-status-lang") || document.documentElement.lang || "";
    if (!base) return;
    link.href = base + "/" + encodeURIComponent(id) + (lang ? "?lang=" + encodeURIComponent(lang) : "");
    status.hidden = false;
  }

  function initForm() {
    var form = document.getElementById("request-form");
    if (!form || !window.fetch) return;
    form.noValidate = true; // our own localized messages replace the browser's
    var button = form.querySelector("button[type=submit]");
    var status = document.getElementById("form-status");
    var summary = document.getElementById("form-errors");
    var result = document.getElementById("request-result");
    var busy = false;
    var msg = function (name) { return form.getAttribute("data-msg-" + name) || ""; };

    function fieldInput(name) {
      return form.querySelector("[name='" + name + "']:not([type=hidden])");
    }

    function clearErrors() {
      summary.hidden = true;
      summary.textContent = "";
      Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (p) {
        p.hidden = true;
        p.textContent = "";
      });
      Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
        el.removeAttribute("aria-invalid");
      });
    }

    function showErrors(errors, message) {
      var names = Object.keys(errors);
      var list = document.createElement("ul");
      names.forEach(function (name) {
        var input = fieldInput(name);
        var p = document.getElementById("f-" + name + "-error");
        if (input) input.setAttribute("aria-invalid", "true");
        if (p) {
          p.textContent = errors[name];
          p.hidden = false;
        }
        var li = document.createElement("li");
        // Name the field in the summary: the same message may apply to several fields.
        var label = input && input.id ? form.querySelector("label[for='" + input.id + "']") : null;
        var text = label ? label.textContent.replace(/\s+/g, " ").trim() + ": " + errors[name] : errors[name];
        if (input && input.id) {
          var a = document.createElement("a");
          a.href = "#" + input.id;
          a.textContent = text;
          li.appendChild(a);
        } else {
          li.textContent = text;
        }
        list.appendChild(li);
      });
      var head = document.createElement("p");
      head.textContent = message || msg("summary");
      summary.appendChild(head);
      if (names.length) summary.appendChild(list);
      summary.hidden = false;
      summary.focus();
    }

    function validate() {
      var errors = {};
      var name = fieldInput("name").value.trim();
      var email = fieldInput("email").value.trim();
      if (!name) errors.name = msg("required");
      else if (name.length > 200) errors.name = msg("too-long");
      if (!email) errors.email = msg("required");
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = msg("email");
      if (fieldInput("details").value.length > 4000) errors.details = msg("too-long");
      if (!fieldInput("confirm").checked) errors.confirm = msg("confirm");
      return errors;
    }

    function payload() {
      var data = {};
      var fd = new FormData(form);
      fd.forEach(function (value, key) { data[key] = value; });
      data.confirm = fieldInput("confirm").checked;
      if (data.type !== "consent_withdrawal") delete data.scope;
      return data;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return; // a double click sends one request
      clearErrors();
      var errors = validate();
      if (Object.keys(errors).length) {
        showErrors(errors);
        return;
      }
      busy = true;
      button.disabled = true;
      status.textContent = msg("sending");
      fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(payload()),
        credentials: "omit"
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      }).then(function (answer) {
        if (answer.status === 201 || answer.status === 200) {
          var b = answer.body;
          // A resubmission is answered without a number (nothing about the first request is
          // disclosed, and no new e-mail is sent): show the server's message instead.
          var known = !!b.id;
          result.querySelector(".receipt").hidden = !known;
          if (known) {
            // The short reference people quote (issue 15); the id, which links carry, stays
            // on the element for scripts.
            setText(result, "[data-result-id]", b.reference || b.id);
            var idEl = result.querySelector("[data-result-id]");
            if (idEl) idEl.setAttribute("data-request-id", b.id);
            setText(result, "[data-result-deadline]", b.deadline_text || formatDate(b.deadline, form.getAttribute("data-date-patterns")));
          }
          var delayed = b.acknowledgement === "pending" || b.acknowledgement === "failed";
          var message = result.querySelector("[data-result-message]");
          message.textContent = known ? "" : (b.message || "");
          message.hidden = known;
          result.querySelector("[data-result-mail]").hidden = delayed || !known;
          result.querySelector("[data-result-mail-delayed]").hidden = !delayed || !known;
          form.hidden = true;
          result.hidden = false;
          status.textContent = "";
          result.focus();
          return;
        }
        var err = (answer.body && answer.body.error) || {};
        status.textContent = "";
        showErrors(err.fields || {}, err.message || msg("network"));
        busy = false;
        button.disabled = false;
      }).catch(function () {
        status.textContent = "";
        showErrors({}, msg("network"));
        busy = false;
        button.disabled = false;
      });
    });
  }

  // The scope of a consent withdrawal matters only for that type: shown when it is chosen.
  function initScope() {
    var form = document.getElementById("request-form");
    var scope = document.getElementById("scope-fieldset");
    if (!form || !scope) return;
    function sync() {
      var chosen = form.querySelector("input[name=type]:checked");
      scope.hidden = !chosen || chosen.value !== "consent_withdrawal";
    }
    var types = form.querySelectorAll("input[name=type]");
    for (var i = 0; i < types.length; i++) types[i].addEventListener("change", sync);
    sync();
  }

  // A print button where printing is possible (the page prints cleanly without it too).
  function initPrint() {
    var buttons = document.querySelectorAll("[data-print]");
    if (!window.print) return;
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  // A visitor whose browser prefers another of the site's languages gets a link to this page
  // in that language. Nothing is stored: closing it lasts until the next page.
  function initLanguageHint() {
    var box = document.querySelector("[data-lang-hint]");
    if (!box) return;
    var page = document.documentElement.lang;
    var wanted = (navigator.languages || [navigator.language || ""])
      .map(function (t) { return String(t).toLowerCase().split("-")[0]; })
      .filter(function (t) { return t === "kk" || t === "ru" || t === "en"; })[0];
    if (!wanted || wanted === page) return;
    var hint = box.querySelector("[data-hint-for='" + wanted + "']");
    if (!hint) return;
    hint.hidden = false;
    box.hidden = false;
    hint.querySelector("[data-hint-dismiss]").addEventListener("click", function () {
      box.hidden = true;
    });
  }

  function init() {
    initLanguageHint();
    initReceived();
    initForm();
    initScope();
    initPrint();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
