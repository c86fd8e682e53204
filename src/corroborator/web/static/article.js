// The article page: clicking a mark, an event row or a timeline dot shows its record and evidence
// in the side panel; legend checkboxes hide a kind of mark; selects filter the events table.
// Every piece of article text is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var dataNode = document.getElementById("page-data");
  if (!dataNode) { return; }
  var pageData = JSON.parse(dataNode.textContent);
  var records = pageData.marks || {};
  var textBox = document.getElementById("article-text");
  var detail = document.getElementById("detail");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function piecesOf(id) {
    return textBox.querySelectorAll('[data-mark="' + CSS.escape(id) + '"]');
  }

  function clearActive() {
    document.querySelectorAll(".active, .selected").forEach(function (node) {
      node.classList.remove("active");
      node.classList.remove("selected");
    });
  }

  function renderRecord(id) {
    var rec = records[id];
    if (!rec) { return null; }
    var box = el("div", "record");
    box.setAttribute("data-record", id);
    var h = el("h3");
    h.appendChild(el("span", "kind", rec.kind === "claim" ? "sentence" : rec.kind));
    h.appendChild(document.createTextNode(rec.title));
    box.appendChild(h);
    if (rec.fields && rec.fields.length) {
      var dl = el("dl");
      rec.fields.forEach(function (pair) {
        dl.appendChild(el("dt", null, pair[0]));
        dl.appendChild(el("dd", null, pair[1]));
      });
      box.appendChild(dl);
    }
    if (rec.evidence && rec.kind !== "claim") {
      box.appendChild(el("div", "muted", "Evidence:"));
      box.appendChild(el("blockquote", "evidence", rec.evidence));
    }
    var more = el("details");
    more.appendChild(el("summary", null, "record (JSON)"));
    more.appendChild(el("pre", null, JSON.stringify(rec.record, null, 2)));
    box.appendChild(more);
    return box;
  }

  // ids of the marks at a node: the node's own and those of the marks around it, innermost first
  function marksAt(node) {
    var ids = [];
    while (node && node !== textBox) {
      var id = node.getAttribute && node.getAttribute("data-mark");
      if (id && ids.indexOf(id) < 0) { ids.push(id); }
      node = node.parentNode;
    }
    return ids;
  }

  function show(ids, scroll) {
    clearActive();
    while (detail.children.length > 1) { detail.removeChild(detail.lastChild); }
    var shown = 0;
    ids.forEach(function (id) {
      var box = renderRecord(id);
      if (box) { detail.appendChild(box); shown += 1; }
    });
    if (!shown) { detail.appendChild(el("p", "empty", "No record for this mark.")); }
    var first = ids[0];
    if (first) {
      piecesOf(first).forEach(function (node) { node.classList.add("active"); });
      document.querySelectorAll('tr[data-mark="' + CSS.escape(first) + '"]').forEach(function (row) { row.classList.add("selected"); });
      document.querySelectorAll('circle[data-mark="' + CSS.escape(first) + '"]').forEach(function (dot) { dot.classList.add("active"); });
      var piece = piecesOf(first)[0];
      if (scroll && piece) { piece.scrollIntoView({ block: "center" }); }
    }
    // on a narrow screen the panel sits below the text: bring it into view
    var box = detail.getBoundingClientRect();
    if (box.top > window.innerHeight || box.bottom < 0) { detail.scrollIntoView({ block: "nearest" }); }
  }

  textBox.addEventListener("click", function (ev) {
    var ids = marksAt(ev.target);
    if (ids.length) { show(ids, false); }
  });
  textBox.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.getAttribute("data-mark")) {
      ev.preventDefault();
      show(marksAt(ev.target), false);
    }
  });

  // events table rows and timeline dots show the event and scroll the text to it
  document.querySelectorAll("#events-table tr[data-mark], #timeline-svg circle[data-mark]").forEach(function (node) {
    function open() { show([node.getAttribute("data-mark")], true); }
    node.addEventListener("click", open);
    node.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { open(); } });
  });
  // evidence links of the coup criteria and the checks
  document.querySelectorAll("a.goto").forEach(function (link) {
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      var id = link.getAttribute("data-mark");
      if (id) { show([id], true); }
    });
  });

  // legend: hide or show a kind of mark
  document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      textBox.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });

  // events table filters
  var selects = document.querySelectorAll("#event-filters select[data-filter]");
  var shownCount = document.getElementById("events-shown");
  function applyFilters() {
    var rows = document.querySelectorAll("#events-table tbody tr");
    var visible = 0;
    rows.forEach(function (row) {
      var ok = true;
      selects.forEach(function (sel) {
        if (sel.value && row.getAttribute("data-" + sel.getAttribute("data-filter")) !== sel.value) { ok = false; }
      });
      row.hidden = !ok;
      if (ok) { visible += 1; }
    });
    if (shownCount) { shownCount.textContent = visible + " of " + rows.length; }
  }
  selects.forEach(function (sel) { sel.addEventListener("change", applyFilters); });
})();
