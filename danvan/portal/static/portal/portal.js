// Cổng công dân: the submission form without page reloads (the form works without it too).
(function () {
  "use strict";
  var form = document.getElementById("submission-form");
  if (!form) { return; }
  var province = form.querySelector("[name=province]");
  var commune = form.querySelector("[name=commune]");
  var destination = document.getElementById("destination");
  var refresh = document.getElementById("refresh-communes");
  var anonymous = form.querySelector("[name=anonymous]");
  var identity = document.getElementById("identity-fields");
  var communesUrl = form.getAttribute("data-communes-url") + "?tinh=";
  var destinationText = form.getAttribute("data-destination-text") || "";
  if (refresh) { refresh.hidden = true; }

  function showDestination() {
    var option = commune.options[commune.selectedIndex];
    var org = option ? option.getAttribute("data-org") : "";
    destination.textContent = org ? destinationText + " " + org + "." : "";
  }

  function loadCommunes(keep) {
    destination.textContent = "";
    if (!province.value) { commune.innerHTML = ""; return; }
    fetch(communesUrl + encodeURIComponent(province.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        commune.innerHTML = html;
        if (keep) { commune.value = keep; }
        showDestination();
      });
  }
  province.addEventListener("change", function () { loadCommunes(""); });
  commune.addEventListener("change", showDestination);
  // A page shown again (errors): the options carry no destination yet; keep the choice.
  if (province.value) { loadCommunes(commune.value); }

  function kind() {
    var checked = form.querySelector("[name=kind]:checked");
    return checked ? checked.value : "";
  }
  function update() {
    var k = kind();
    document.querySelectorAll(".kind-note").forEach(function (note) {
      note.hidden = k === "" || note.getAttribute("data-kind").split(" ").indexOf(k) < 0;
    });
    var hide = k === "denunciation" && anonymous && anonymous.checked;
    if (identity) { identity.hidden = hide; }
  }
  form.querySelectorAll("[name=kind]").forEach(function (r) { r.addEventListener("change", update); });
  if (anonymous) { anonymous.addEventListener("change", update); }
  update();
})();
