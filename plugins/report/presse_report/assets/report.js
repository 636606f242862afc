// presse report: pagers, entity cards and the stance graph. All text goes in through
// textContent (never innerHTML), so nothing from the news can become markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = { FAVOR: "#1a7f37", AGAINST: "#c62828", NONE: "#8a8a8a" };
  var OFFSET = { FAVOR: -4, AGAINST: 4, NONE: 0 };
  var MAX_NODES = 30;
  var MAX_EVIDENCE = 200;
  var pagers = [];

  function $(id) { return document.getElementById(id); }
  // Maps keyed by names from the news: no prototype, so "constructor" is just a name.
  function dict() { return Object.create(null); }
  function get(map, key) { return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined; }
  function el(tag, attrs, text, ns) {
    var node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function cut(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function docName(i) {
    var d = data.docs[i];
    return d ? (d[2] ? d[2] + " · " : "") + d[1] : "#" + i;
  }
  function docLink(i) { return el("a", { href: "#doc-" + i }, docName(i)); }
  function name(key) { return get(data.names, key) || key; }

  // Pagers: show `data-size` items at a time; filtered items are skipped.
  function Pager(box) {
    var size = parseInt(box.getAttribute("data-size"), 10) || 20;
    var page = 0;
    var bar = el("div", { "class": "pager-bar" });
    var prev = el("button", { type: "button" }, "‹ previous");
    var info = el("span", { "class": "muted" });
    var next = el("button", { type: "button" }, "next ›");
    bar.appendChild(prev); bar.appendChild(info); bar.appendChild(next);
    box.parentNode.insertBefore(bar, box);
    function all() {
      return Array.prototype.filter.call(box.children, function (c) {
        return c.classList.contains("pg-item");
      });
    }
    function items() {
      return all().filter(function (c) { return !c.classList.contains("filtered"); });
    }
    function show() {
      var list = items();
      var pages = Math.max(1, Math.ceil(list.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      all().forEach(function (c) { c.classList.add("pg-hide"); });
      list.slice(page * size, (page + 1) * size).forEach(function (c) {
        c.classList.remove("pg-hide");
      });
      info.textContent = "page " + (page + 1) + " of " + pages + " (" + list.length + ")";
      bar.style.display = pages > 1 ? "" : "none";
    }
    prev.addEventListener("click", function () { page -= 1; show(); });
    next.addEventListener("click", function () { page += 1; show(); });
    this.box = box;
    this.reset = function () { page = 0; show(); };
    this.reveal = function (item) {
      var index = items().indexOf(item);
      if (index >= 0) { page = Math.floor(index / size); show(); }
    };
    show();
  }
  Array.prototype.forEach.call(document.querySelectorAll(".pager"), function (box) {
    pagers.push(new Pager(box));
  });

  function openDoc(id) {
    var target = $(id);
    if (!target) return;
    target.classList.remove("filtered");
    pagers.forEach(function (p) { if (p.box.contains(target)) p.reveal(target); });
    if (target.tagName === "DETAILS") target.open = true;
    target.scrollIntoView({ block: "start" });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#doc-']");
    if (!link) return;
    event.preventDefault();
    openDoc(link.getAttribute("href").slice(1));
  });
  if (location.hash.indexOf("#doc-") === 0) openDoc(location.hash.slice(1));

  var search = $("doc-search");
  if (search) {
    search.addEventListener("input", function () {
      var query = search.value.trim().toLowerCase();
      Array.prototype.forEach.call(document.querySelectorAll("details.doc"), function (d) {
        var hit = !query || (d.getAttribute("data-search") || "").indexOf(query) >= 0;
        d.classList.toggle("filtered", !hit);
      });
      pagers.forEach(function (p) { if (p.box.querySelector("details.doc")) p.reset(); });
    });
  }

  // Entity cards: the id, the other mentions in this document, the other documents.
  var tip = el("div", { id: "tip", hidden: "" });
  document.body.appendChild(tip);
  var lit = [];
  document.addEventListener("mouseover", function (event) {
    var ent = event.target.closest && event.target.closest(".ent[data-e]");
    lit.forEach(function (n) { n.classList.remove("hl"); });
    lit = [];
    if (!ent) { tip.hidden = true; return; }
    var id = ent.getAttribute("data-e");
    var info = get(data.entities, id) || [id, []];
    var doc = ent.closest("details.doc");
    var here = doc ? doc.querySelectorAll('.ent[data-e="' + CSS.escape(id) + '"]') : [];
    var forms = dict();
    Array.prototype.forEach.call(here, function (n) {
      n.classList.add("hl"); lit.push(n);
      forms[n.textContent] = (forms[n.textContent] || 0) + 1;
    });
    tip.textContent = "";
    tip.appendChild(el("b", {}, info[0]));
    tip.appendChild(el("div", {}, "entity id: " + id));
    if (doc) {
      tip.appendChild(el("div", {}, here.length + " mentions in this document: " +
        Object.keys(forms).map(function (f) { return f + " ×" + forms[f]; }).join(", ")));
    }
    var docs = info[1];
    var others = docs.filter(function (i) { return !doc || String(i) !== doc.getAttribute("data-i"); });
    tip.appendChild(el("div", {}, "mentioned in " + docs.length + " document(s)" +
      (others.length ? "; others: " + others.slice(0, 6).map(docName).map(function (s) {
        return cut(s, 40);
      }).join(" | ") + (others.length > 6 ? " …" : "") : "")));
    tip.hidden = false;
    tip.style.left = Math.min(event.pageX + 12, window.scrollX + window.innerWidth - 420) + "px";
    tip.style.top = event.pageY + 16 + "px";
  });

  // The stance graph.
  var docSelect = $("f-doc");
  data.docs.forEach(function (d, i) {
    if (data.stances.some(function (r) { return r[0] === i; })) {
      docSelect.appendChild(el("option", { value: String(i) }, cut(docName(i), 90)));
    }
  });
  function labelsOn() {
    var on = {};
    Array.prototype.forEach.call(document.querySelectorAll(".f-label"), function (c) {
      on[c.value] = c.checked;
    });
    return on;
  }
  function selectedRows() {
    var doc = docSelect.value, from = $("f-from").value, to = $("f-to").value;
    var on = labelsOn();
    return data.stances.filter(function (r) {
      if (!on[r[3]]) return false;
      if (doc !== "" && String(r[0]) !== doc) return false;
      var date = (data.docs[r[0]] || [])[2] || "";
      if ((from || to) && !date) return false;
      if (from && date < from.slice(0, date.length)) return false;
      if (to && date > to.slice(0, date.length)) return false;
      return true;
    });
  }
  function rank(weights) {
    return Object.keys(weights).sort(function (a, b) {
      return weights[b] - weights[a] || name(a).localeCompare(name(b));
    });
  }
  function showEvidence(edge) {
    var box = $("evidence");
    box.className = "";
    box.textContent = "";
    box.appendChild(el("h3", {}, name(edge.h) + " → " + name(edge.t) + ": " + edge.l +
      " (" + edge.rows.length + " mention" + (edge.rows.length > 1 ? "s" : "") + ")"));
    var list = el("ul", { "class": "ev-list" });
    edge.rows.slice(0, MAX_EVIDENCE).forEach(function (r) {
      var item = el("li", { "class": r[3] });
      var head = el("div");
      head.appendChild(docLink(r[0]));
      item.appendChild(head);
      var sentence = el("div");
      var s = r[6], a = r[7], b = r[8];
      sentence.appendChild(document.createTextNode(s.slice(0, a)));
      sentence.appendChild(el("mark", {}, s.slice(a, b)));
      sentence.appendChild(document.createTextNode(s.slice(b)));
      item.appendChild(sentence);
      var facts = [];
      if (r[4]) facts.push(r[4]);
      if (r[9]) facts.push("said by " + r[9] + (r[10] ? " (" + r[10].replace("_", " ") + ")" : ""));
      if (r[11]) facts.push("negated");
      if (r[5] !== null && r[5] !== undefined) facts.push("confidence " + r[5]);
      item.appendChild(el("div", { "class": "muted" }, facts.join(" · ")));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (edge.rows.length > MAX_EVIDENCE) {
      box.appendChild(el("p", { "class": "muted" }, "… and " + (edge.rows.length - MAX_EVIDENCE) +
        " more"));
    }
  }
  function drawGraph() {
    var rows = selectedRows();
    var edges = dict(), hw = dict(), tw = dict(), docs = dict();
    rows.forEach(function (r) {
      var key = r[1] + "\u0000" + r[2] + "\u0000" + r[3];
      (edges[key] = edges[key] || { h: r[1], t: r[2], l: r[3], rows: [] }).rows.push(r);
      hw[r[1]] = (hw[r[1]] || 0) + 1;
      tw[r[2]] = (tw[r[2]] || 0) + 1;
      docs[r[0]] = 1;
    });
    var holders = rank(hw), targets = rank(tw);
    var hy = dict(), ty = dict(), step = 30, top = 30;
    holders.slice(0, MAX_NODES).forEach(function (k, i) { hy[k] = top + i * step; });
    targets.slice(0, MAX_NODES).forEach(function (k, i) { ty[k] = top + i * step; });
    var list = Object.keys(edges).map(function (k) { return edges[k]; }).filter(function (e) {
      return e.h in hy && e.t in ty;
    }).sort(function (a, b) { return a.rows.length - b.rows.length; });
    // Widths relative to the heaviest edge in view: 1.5px for a single mention, 10px for it.
    var most = list.reduce(function (m, e) { return Math.max(m, e.rows.length); }, 1);
    var rowsShown = Math.max(1, Math.min(MAX_NODES, Math.max(holders.length, targets.length)));
    var width = 960, height = top + rowsShown * step, xl = 300, xr = 660;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, id: "stance-graph",
      role: "img", "aria-label": "stance graph" }, null, SVG);
    svg.appendChild(el("text", { x: xl, y: 16, "text-anchor": "end", "font-weight": "bold" },
      "who holds the position", SVG));
    svg.appendChild(el("text", { x: xr, y: 16, "font-weight": "bold" }, "about whom", SVG));
    list.forEach(function (e) {
      var y1 = hy[e.h] + OFFSET[e.l], y2 = ty[e.t] + OFFSET[e.l], mid = (xl + xr) / 2;
      var d = "M" + (xl + 6) + " " + y1 + " C" + mid + " " + y1 + " " + mid + " " + y2 + " " +
        (xr - 6) + " " + y2;
      var n = e.rows.length;
      var g = el("g", { "class": "link", "data-label": e.l }, null, SVG);
      var line = el("path", { d: d, "class": "edge", stroke: COLORS[e.l],
        "stroke-width": (1.5 + 8.5 * n / most).toFixed(1) }, null, SVG);
      var hit = el("path", { d: d, "class": "hit" }, null, SVG);
      g.appendChild(el("title", {}, name(e.h) + " → " + name(e.t) + ": " + e.l + " ×" + n, SVG));
      g.appendChild(line); g.appendChild(hit);
      g.addEventListener("click", function () {
        Array.prototype.forEach.call(svg.querySelectorAll(".edge.sel"), function (x) {
          x.classList.remove("sel");
        });
        line.classList.add("sel");
        showEvidence(e);
      });
      svg.appendChild(g);
    });
    Object.keys(hy).forEach(function (k) {
      svg.appendChild(el("circle", { cx: xl + 3, cy: hy[k], r: 4 }, null, SVG));
      svg.appendChild(el("text", { x: xl - 6, y: hy[k] + 4, "text-anchor": "end" },
        cut(name(k), 38) + " (" + hw[k] + ")", SVG));
    });
    Object.keys(ty).forEach(function (k) {
      svg.appendChild(el("circle", { cx: xr - 3, cy: ty[k], r: 4 }, null, SVG));
      svg.appendChild(el("text", { x: xr + 6, y: ty[k] + 4 }, cut(name(k), 38) + " (" + tw[k] +
        ")", SVG));
    });
    var box = $("graph-box");
    box.textContent = "";
    if (!rows.length) {
      box.appendChild(el("p", { "class": "muted" }, "No positions match these filters."));
    } else {
      box.appendChild(svg);
    }
    var note = rows.length + " positions from " + Object.keys(docs).length + " document(s)";
    if (holders.length > MAX_NODES || targets.length > MAX_NODES) {
      note += "; showing the " + MAX_NODES + " most frequent holders and targets";
    }
    if ($("f-from").value || $("f-to").value) note += "; documents without a date are left out";
    $("graph-note").textContent = note + ".";
    drawStrongest(list);
  }
  function drawStrongest(list) {
    var box = $("strongest");
    box.textContent = "";
    var strong = list.slice().reverse().filter(function (e) { return e.l !== "NONE"; }).slice(0, 12);
    if (!strong.length) return;
    box.appendChild(el("h3", {}, "In short"));
    var table = el("table", { "class": "strong" });
    strong.forEach(function (e) {
      var tr = el("tr");
      tr.appendChild(el("td", {}, name(e.h)));
      tr.appendChild(el("td", { "class": "k-" + e.l }, e.l === "FAVOR" ? "is for" : "is against"));
      tr.appendChild(el("td", {}, name(e.t)));
      var td = el("td");
      var a = el("a", { href: "#evidence" }, e.rows.length + " mention" +
        (e.rows.length > 1 ? "s" : ""));
      a.addEventListener("click", function (ev) { ev.preventDefault(); showEvidence(e);
        $("evidence").scrollIntoView(); });
      td.appendChild(a);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    box.appendChild(table);
  }
  ["f-doc", "f-from", "f-to"].forEach(function (id) { $(id).addEventListener("change", drawGraph); });
  Array.prototype.forEach.call(document.querySelectorAll(".f-label"), function (c) {
    c.addEventListener("change", drawGraph);
  });
  drawGraph();
  document.body.setAttribute("data-ready", "1");
})();
