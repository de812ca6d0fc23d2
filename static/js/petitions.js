/* danvan petitions: keyboard helpers of the intake form. No framework, no CDN.
 * - Ctrl+Enter (or Cmd+Enter) submits any form marked data-ctrl-enter;
 * - on the kind radio buttons, a letter (K, T, N, P, H) picks the kind;
 * - "Thêm người gửi" adds a petitioner row (Django formset);
 * - forwarder fields only shown for forwarded channels;
 * - typing the content or a name asks for duplicate suggestions (htmx, debounced there);
 * - "Đánh dấu là đơn trùng" fills the hidden duplicate_of_id.
 */
(function () {
  "use strict";

  var FORWARDED = ["forwarded_deputy", "forwarded_mttq", "forwarded_press", "forwarded_agency", "pakn"];

  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  onReady(function () {
    document.querySelectorAll("form[data-ctrl-enter]").forEach(function (form) {
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
        }
      });
    });

    var kinds = document.getElementById("kind-choice");
    if (kinds) {
      kinds.addEventListener("keydown", function (event) {
        if (event.ctrlKey || event.altKey || event.metaKey || event.key.length !== 1) { return; }
        var radio = kinds.querySelector('input[data-key="' + event.key.toLowerCase() + '"]');
        if (radio) {
          event.preventDefault();
          radio.checked = true;
          radio.focus();
          radio.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }

    var form = document.getElementById("petition-form");
    if (!form) { return; }

    // A form shown again with errors: put the cursor on the first field in error.
    var firstError = form.querySelector(".field-error input, .field-error select, .field-error textarea");
    if (firstError) { firstError.focus(); }

    var channel = form.querySelector("#id_channel");
    var forwarded = form.querySelector("[data-forwarded]");
    function toggleForwarded() {
      if (!channel || !forwarded) { return; }
      var needed = FORWARDED.indexOf(channel.value) >= 0 || forwarded.querySelector(".field-error");
      forwarded.hidden = !needed;
    }
    if (channel) { channel.addEventListener("change", toggleForwarded); toggleForwarded(); }

    var addButton = document.getElementById("add-person");
    var rows = document.getElementById("person-rows");
    var template = document.getElementById("person-template");
    var total = form.querySelector("#id_person-TOTAL_FORMS");
    if (addButton && rows && template && total) {
      addButton.hidden = false;
      addButton.addEventListener("click", function () {
        var index = parseInt(total.value, 10) || 0;
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        rows.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        var added = rows.lastElementChild;
        var first = added && added.querySelector("input");
        if (first) { first.focus(); }
      });
    }

    form.addEventListener("input", function (event) {
      var target = event.target;
      if (target && target.classList && target.classList.contains("dup-watch")) {
        document.body.dispatchEvent(new Event("dupcheck"));
      }
    });

    var hidden = form.querySelector("#id_duplicate_of_id");
    var chosen = document.getElementById("duplicate-chosen");
    function chooseDuplicate(id, label) {
      if (!hidden || !chosen) { return; }
      hidden.value = id || "";
      var text = chosen.querySelector("[data-duplicate-label]");
      var pattern = chosen.getAttribute("data-template") || "{case}";
      if (text) { text.textContent = id ? pattern.replace("{case}", label) : ""; }
      chosen.hidden = !id;
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".js-mark-duplicate") : null;
      if (button) { chooseDuplicate(button.getAttribute("data-id"), button.getAttribute("data-label")); }
      if (event.target.id === "duplicate-clear") { chooseDuplicate("", ""); }
    });
  });
})();
