/* Corpus pages: small helpers on top of pages that work without script.
   Untrusted text is only ever written with textContent. */
(function () {
  "use strict";

  // incident: show or hide every evidence sentence
  var toggle = document.getElementById("toggle-evidence");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var all = document.querySelectorAll("details.ev");
      var open = toggle.getAttribute("aria-pressed") !== "true";
      all.forEach(function (d) { d.open = open; });
      toggle.setAttribute("aria-pressed", open ? "true" : "false");
      toggle.textContent = open ? "Hide evidence" : "Show all evidence";
    });
  }

  // incident: a finding highlights the cells it compares
  function showFinding(li) {
    document.querySelectorAll("td.cell.active, ul.findings li.active").forEach(function (el) { el.classList.remove("active"); });
    li.classList.add("active");
    var field = li.getAttribute("data-field");
    var groups = (li.getAttribute("data-groups") || "").split(" ");
    var first = null;
    document.querySelectorAll('tr[data-field="' + CSS.escape(field) + '"] td.cell').forEach(function (td) {
      if (groups.indexOf(td.getAttribute("data-group")) >= 0) {
        td.classList.add("active");
        if (!first) { first = td; }
      }
    });
    if (first) { first.scrollIntoView({ block: "nearest", inline: "nearest" }); }
  }
  document.querySelectorAll("ul.findings li").forEach(function (li) {
    li.addEventListener("click", function () { showFinding(li); });
    li.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showFinding(li); } });
  });

  // map: a dot (or a place in the list) with several incidents lists them in the side panel
  var dataEl = document.getElementById("map-data");
  var list = document.getElementById("places-list");
  var detail = document.getElementById("place-detail");
  if (dataEl && list && detail) {
    var data = JSON.parse(dataEl.textContent);
    var byId = {};
    data.incidents.forEach(function (i) { byId[i.incident_id] = i; });

    var el = function (tag, text, cls) {
      var node = document.createElement(tag);
      if (text !== undefined && text !== null) { node.textContent = text; }
      if (cls) { node.className = cls; }
      return node;
    };
    var showList = function () {
      detail.hidden = true;
      list.hidden = false;
      document.querySelectorAll("svg.worldmap .dot.active").forEach(function (d) { d.classList.remove("active"); });
    };
    var showPlace = function (index) {
      var place = data.places[index];
      document.querySelectorAll("svg.worldmap .dot.active").forEach(function (d) { d.classList.remove("active"); });
      var dot = document.querySelector('svg.worldmap a[data-place="' + index + '"] .dot');
      if (dot) { dot.classList.add("active"); }
      detail.replaceChildren();
      detail.appendChild(el("h2", place.name + (place.precision === "country" ? " (country only)" : "")));
      var ul = el("ul", null, "incidents");
      place.incidents.forEach(function (id) {
        var inc = byId[id];
        if (!inc) { return; }
        var li = el("li");
        var a = el("a", inc.label || id);
        a.href = "/incident/" + encodeURIComponent(id);
        li.appendChild(a);
        var when = inc.date_lo ? (inc.date_hi && inc.date_hi !== inc.date_lo ? inc.date_lo + " – " + inc.date_hi : inc.date_lo) : "undated";
        li.appendChild(el("div", when + " · " + (inc.event_type || inc.plover_type || "event") + " · " + inc.n_sources +
          (inc.n_sources === 1 ? " source" : " sources"), "muted"));
        ul.appendChild(li);
      });
      detail.appendChild(ul);
      if (place.n > place.incidents.length) {
        var more = el("a", "all " + place.n + " incidents");
        more.href = place.href;
        var p = el("p", "The first " + place.incidents.length + " are listed: ", "hint");
        p.appendChild(more);
        detail.appendChild(p);
      }
      var back = el("button", "All places", "secondary");
      back.type = "button";
      back.addEventListener("click", showList);
      detail.appendChild(back);
      list.hidden = true;
      detail.hidden = false;
    };
    document.querySelectorAll("[data-place]").forEach(function (node) {
      node.addEventListener("click", function (e) {
        var index = Number(node.getAttribute("data-place"));
        var place = data.places[index];
        if (place && place.n > 1) {
          e.preventDefault();
          showPlace(index);
        }
      });
    });
  }
})();
