/* danvan: the topic suggestion shown while an officer types (monitoring/_topic_suggest.html).
 * - a button of the suggestion sets the topic <select> named by its data-target;
 * - each suggestion that arrives is remembered in the form's hidden fields topic_suggested and
 *   topic_confidence (if the form has them), so that choosing another topic is recorded as a
 *   correction when the record is saved.
 * No inline script: loaded with `defer` by the pages that show suggestions.
 */
(function () {
  "use strict";

  function remember(box) {
    var form = (box.closest && box.closest("form")) || document;
    var code = form.querySelector("[name=topic_suggested]");
    var confidence = form.querySelector("[name=topic_confidence]");
    if (code) { code.value = box.getAttribute("data-code") || ""; }
    if (confidence) { confidence.value = box.getAttribute("data-confidence") || ""; }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.querySelector) { return; }
    var box = target.querySelector("[data-topic-suggest]");
    if (box) { remember(box); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".js-topic-apply") : null;
    if (!button) { return; }
    var select = document.getElementById(button.getAttribute("data-target") || "id_topic");
    if (!select) { return; }
    select.value = button.getAttribute("data-code") || "";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    select.focus();
  });
})();
