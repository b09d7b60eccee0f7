// The report's interactive network map: sigma.js (WebGL) over a graphology graph, from the report's JSON
// (reports.pages.map_json, scope-checked like the page). Zoom and pan, search by name or Kode lembaga,
// filter by sektor, stage and community, colour and size by a chosen figure, a side panel per lembaga,
// brokers and isolates highlighted, and a date slider that replays the ties' dated stages. Big scopes come
// grouped by area; a group's panel links to that area's report. When an app rates ties (the partner survey),
// ties can be coloured by trust or value instead of stage, with a legend that counts the ties shown per class.
// Without WebGL or JavaScript the page keeps its server-drawn SVG (which is also what prints). Simpul's own
// code; no inline script or style (CSP): the legend's colours are the classes of css/skor-kerjasama.css.
(function () {
  "use strict";
  var root = document.getElementById("peta-interaktif");
  if (!root || typeof Sigma === "undefined" || typeof graphology === "undefined") return;

  var SEKTOR = { warga: "#198754", pemerintah: "#0d6efd", dunia_usaha: "#fd7e14", donatur: "#6f42c1", lsm: "#d63384" };
  var TAHAP = { 0: "#adb5bd", 1: "#9ec5fe", 2: "#6ea8fe", 3: "#3d8bfd", 4: "#0a58ca", 5: "#052c65" };
  var KOMUNITAS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
    "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6"];
  var DAY = 86400000;

  function $(id) { return document.getElementById(id); }
  function text(el, value) { el.textContent = value; return el; }
  function make(tag, className, value) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (value !== undefined) el.textContent = value;
    return el;
  }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function shown(iso) { return iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4); }

  function webglWorks() {
    try {
      var canvas = document.createElement("canvas");
      return !!(canvas.getContext("webgl2") || canvas.getContext("webgl"));
    } catch (e) { return false; }
  }

  // The stage of a tie on a day (ISO strings compare as dates): its last stage row on or before that day,
  // 0 when it had not started or had ended (a tie ends on its end date, as in the reports).
  function stageOn(tie, day) {
    if (tie.mulai > day || (tie.selesai && tie.selesai <= day)) return 0;
    var stage = 0;
    for (var i = 0; i < tie.riwayat.length && tie.riwayat[i][0] <= day; i++) stage = tie.riwayat[i][1];
    return stage;
  }

  function start(data) {
    var grouped = data.grouped;
    var graph = new graphology.Graph({ type: "undirected", multi: false });
    var byKey = {};
    var maxDegree = 1, maxBetweenness = 0;
    data.nodes.forEach(function (n) {
      maxDegree = Math.max(maxDegree, n.derajat || 0, n.lembaga || 0);
      maxBetweenness = Math.max(maxBetweenness, n.perantara || 0);
      graph.addNode(String(n.id), { x: n.xy[0], y: -n.xy[1], label: n.nama, info: n, size: 4, color: "#198754" });
      byKey[(n.nama || "").toLowerCase()] = String(n.id);
      if (n.kode) byKey[n.kode.toLowerCase()] = String(n.id);
    });
    var pairs = {};  // one drawn edge per pair; grouped maps carry one row per pair already
    var first = data.as_of;
    data.edges.forEach(function (e) {
      var a = String(e.a), b = String(e.b);
      if (!graph.hasNode(a) || !graph.hasNode(b)) return;
      var key = graph.hasEdge(a, b) ? graph.edge(a, b) : graph.addEdge(a, b, { size: 1, color: "#9ec5fe" });
      (pairs[key] = pairs[key] || []).push(e);
      if (e.mulai && e.mulai < first) first = e.mulai;
    });

    var state = { day: data.as_of, colour: "sektor", size: "derajat", sektor: "", tahap: 0, komunitas: 0,
      brokers: false, isolates: false, accompanied: false, selected: null, garis: "tahap" };
    // Layers other apps add for this reader (e.g. who accompanies each lembaga), keyed by lembaga id.
    var accompanied = (data.lapisan && data.lapisan.pendamping && data.lapisan.pendamping.lembaga) || {};

    // Tie scores (trust and value, 1–4) by "smaller id-larger id", and the colour of each score class.
    var rated = data.skor_kerjasama || null;
    var scoreOf = {}, scoreFill = {};
    if (rated) {
      rated.ikatan.forEach(function (row) { scoreOf[row[0] + "-" + row[1]] = row; });
      rated.kelas.forEach(function (row) { scoreFill[row.kelas] = row.warna; });
    }
    function scoreClass(edge) {
      var ends = graph.extremities(edge).map(Number).sort(function (x, y) { return x - y; });
      var row = scoreOf[ends[0] + "-" + ends[1]];
      if (!row) return 0;
      return state.garis === "kepercayaan" ? row[5] : row[6];
    }
    function byScore() { return !grouped && rated && state.garis !== "tahap"; }

    function pairStage(key) {
      var best = 0;
      pairs[key].forEach(function (e) {
        var stage = grouped ? (e.mulai && e.mulai <= state.day ? e.tahap : 0) : stageOn(e, state.day);
        if (stage > best) best = stage;
      });
      return best;
    }

    function nodeVisible(info) {
      if (grouped) return true;
      if (state.sektor && info.sektor !== state.sektor) return false;
      if (state.komunitas && info.komunitas !== state.komunitas) return false;
      return true;
    }

    function nodeColour(info) {
      if (grouped) return "#0a58ca";
      if (state.colour === "komunitas") return info.komunitas ? KOMUNITAS[(info.komunitas - 1) % KOMUNITAS.length] : "#adb5bd";
      if (state.colour === "tahap") {
        var best = 0;
        graph.forEachEdge(String(info.id), function (edge) { best = Math.max(best, pairStage(edge)); });
        return TAHAP[best];
      }
      return SEKTOR[info.sektor] || "#6c757d";
    }

    function nodeSize(info) {
      if (grouped) return 4 + 14 * Math.sqrt((info.lembaga || 1) / maxDegree);
      if (state.size === "perantara") return 3 + 15 * Math.sqrt(maxBetweenness ? (info.perantara || 0) / maxBetweenness : 0);
      return 3 + 12 * Math.sqrt((info.derajat || 0) / maxDegree);
    }

    var renderer = new Sigma(graph, $("peta"), {
      renderEdgeLabels: false,
      labelDensity: 0.6,
      labelRenderedSizeThreshold: grouped ? 4 : 7,
      zIndex: true,
      nodeReducer: function (node, attrs) {
        var info = attrs.info;
        var out = { x: attrs.x, y: attrs.y, label: attrs.label, size: nodeSize(info), color: nodeColour(info), zIndex: 1 };
        if (!nodeVisible(info)) out.hidden = true;
        var role = (state.brokers && info.broker) || (state.isolates && info.isolasi) ||
          (state.accompanied && accompanied[info.id]);
        if ((state.brokers || state.isolates || state.accompanied) && !role) { out.color = "#dee2e6"; out.label = ""; }
        if (role) { out.highlighted = true; out.zIndex = 2; }
        if (state.selected) {
          if (node === state.selected) { out.highlighted = true; out.zIndex = 3; }
          else if (!graph.areNeighbors(node, state.selected)) { out.color = "#e9ecef"; out.label = ""; }
        }
        return out;
      },
      edgeReducer: function (edge, attrs) {
        var stage = pairStage(edge);
        var ends = graph.extremities(edge);
        var hidden = !stage || stage < state.tahap ||
          !nodeVisible(graph.getNodeAttribute(ends[0], "info")) || !nodeVisible(graph.getNodeAttribute(ends[1], "info"));
        // Coloured by a score, a thin komunikasi tie would hide its colour: every tie gets some width.
        var weight = grouped ? Math.min(6, 1 + Math.log2(pairs[edge][0].bobot || 1)) : (byScore() ? 1.6 + stage * 0.5 : 0.6 + stage * 0.6);
        var out = { size: weight, color: byScore() ? scoreFill[scoreClass(edge)] : (TAHAP[stage] || "#ccc"), hidden: hidden };
        if (state.selected && ends.indexOf(state.selected) < 0) out.color = "#f1f3f5";
        return out;
      }
    });

    // What is on screen, in words (also what the journeys check: a canvas cannot be read).
    function summary() {
      var nodes = 0, edges = 0, perClass = {};
      graph.forEachNode(function (node, attrs) { if (nodeVisible(attrs.info)) nodes++; });
      graph.forEachEdge(function (edge, attrs, a, b) {
        var stage = pairStage(edge);
        if (stage && stage >= state.tahap && nodeVisible(graph.getNodeAttribute(a, "info")) &&
          nodeVisible(graph.getNodeAttribute(b, "info"))) {
          edges++;
          if (byScore()) { var k = scoreClass(edge); perClass[k] = (perClass[k] || 0) + 1; }
        }
      });
      text($("peta-ringkas"), root.dataset.tRingkas.replace("{n}", nodes).replace("{m}", edges));
      legend(perClass);
    }

    // The tie colours' legend: the survey round, then each class with the number of ties shown in it.
    function legend(perClass) {
      var box = $("peta-legenda-garis");
      if (!box) return;
      box.replaceChildren();
      box.hidden = state.garis === "tahap";
      if (box.hidden) return;
      if (!rated) { text(box, root.dataset.tTanpaSurvei); return; }
      var title = state.garis === "kepercayaan" ? root.dataset.tKepercayaan : root.dataset.tManfaat;
      var head = make("span", "me-2", title + " — ");
      var source = make("a", "", rated.judul);
      source.href = rated.url;
      head.appendChild(source);
      box.appendChild(head);
      rated.kelas.forEach(function (row) {
        var item = make("span", "text-nowrap me-2 peta-legenda-kelas");
        item.dataset.kelas = row.kelas;
        item.appendChild(make("span", "legend-line skor" + row.kelas));
        item.appendChild(document.createTextNode(" " + row.label + ": " + (perClass[row.kelas] || 0)));
        box.appendChild(item);
      });
    }

    function redraw() { summary(); renderer.refresh(); }

    function panel(node) {
      var box = $("peta-panel");
      box.replaceChildren();
      if (!node) { box.appendChild(make("p", "small text-body-secondary mb-0", root.dataset.petunjuk)); return; }
      var info = graph.getNodeAttribute(node, "info");
      box.appendChild(make("h3", "h6 mb-1", info.nama));
      var list = make("dl", "row small mb-2");
      function row(label, value) { list.appendChild(make("dt", "col-6 text-break", label)); list.appendChild(make("dd", "col-6 mb-0 text-break", String(value))); }
      if (grouped) {
        row(root.dataset.tLembaga, info.lembaga);
        row(root.dataset.tTerhubung, info.derajat);
      } else {
        row(root.dataset.tKode, info.kode || "–");
        row(root.dataset.tSektor, data.label.sektor[info.sektor] || info.sektor);
        row(root.dataset.tKomunitas, info.komunitas || "–");
        row(root.dataset.tPerantara, (info.perantara || 0).toFixed(3).replace(".", ","));
        var counts = {};
        graph.forEachEdge(node, function (edge) { var s = pairStage(edge); if (s) counts[s] = (counts[s] || 0) + 1; });
        Object.keys(data.label.tahap).forEach(function (k) { if (counts[k]) row(root.dataset.tKerjasama + " " + data.label.tahap[k], counts[k]); });
        // Each layer another app added (who accompanies it, how its partners rate it, …): its lines, if any.
        Object.keys(data.lapisan || {}).forEach(function (name) {
          var layer = data.lapisan[name];
          if (layer.lembaga && layer.lembaga[info.id]) row(layer.judul, layer.lembaga[info.id].join(", "));
        });
        if (info.broker) box.appendChild(make("span", "badge text-bg-warning me-1", root.dataset.tBroker));
        if (info.isolasi) box.appendChild(make("span", "badge text-bg-secondary me-1", root.dataset.tIsolasi));
      }
      box.appendChild(list);
      var link = make("a", "btn btn-sm btn-outline-primary", grouped ? root.dataset.tBukaLaporan : root.dataset.tBukaLembaga);
      link.href = grouped ? data.url.laporan.replace("/0/", "/" + encodeURIComponent(info.kode) + "/") + "?per=" + data.as_of
        : data.url.lembaga.replace("/0/", "/" + info.id + "/");
      box.appendChild(link);
    }

    function select(node, focus) {
      state.selected = node;
      panel(node);
      renderer.refresh();
      if (node && focus) {
        var shownAt = renderer.getNodeDisplayData(node);
        if (shownAt) renderer.getCamera().animate({ x: shownAt.x, y: shownAt.y, ratio: 0.35 }, { duration: 400 });
      }
    }

    renderer.on("clickNode", function (event) { select(event.node, false); });
    renderer.on("clickStage", function () { select(null, false); });

    // Controls.
    var names = $("peta-nama");
    data.nodes.forEach(function (n) { var o = document.createElement("option"); o.value = n.kode ? n.nama + " (" + n.kode + ")" : n.nama; names.appendChild(o); });
    $("peta-cari").addEventListener("submit", function (event) {
      event.preventDefault();
      var q = $("peta-q").value.trim().toLowerCase();
      var match = q.match(/\(([^()]+)\)$/);
      var found = byKey[q] || (match && byKey[match[1]]);
      if (!found) {
        graph.forEachNode(function (node, attrs) {
          var info = attrs.info;
          if (!found && ((info.nama || "").toLowerCase().indexOf(q) >= 0 || (info.kode || "").toLowerCase().indexOf(q) >= 0)) found = node;
        });
      }
      text($("peta-hasil"), found ? "" : root.dataset.tTidakKetemu);
      if (found) select(found, true);
    });
    [["peta-warna", "colour"], ["peta-ukuran", "size"], ["peta-sektor", "sektor"]].forEach(function (pair) {
      var el = $(pair[0]);
      if (el) el.addEventListener("change", function () { state[pair[1]] = el.value; redraw(); });
    });
    var ties = $("peta-garis");
    if (ties) {
      state.garis = root.dataset.warna || "tahap";
      ties.value = state.garis;
      ties.addEventListener("change", function () { state.garis = ties.value; redraw(); });
    }
    [["peta-tahap", "tahap"], ["peta-komunitas", "komunitas"]].forEach(function (pair) {
      var el = $(pair[0]);
      if (el) el.addEventListener("change", function () { state[pair[1]] = Number(el.value); redraw(); });
    });
    if (Object.keys(accompanied).length) $("peta-pendamping-pilihan").hidden = false;
    [["peta-broker", "brokers"], ["peta-isolasi", "isolates"], ["peta-pendamping", "accompanied"]].forEach(function (pair) {
      var el = $(pair[0]);
      if (el) el.addEventListener("change", function () { state[pair[1]] = el.checked; redraw(); });
    });
    var communities = $("peta-komunitas");
    if (communities) {
      var most = 0;
      data.nodes.forEach(function (n) { most = Math.max(most, n.komunitas || 0); });
      for (var c = 1; c <= most; c++) { var o = document.createElement("option"); o.value = c; o.textContent = c; communities.appendChild(o); }
    }
    var slider = $("peta-tanggal"), day0 = Date.parse(first), dayN = Date.parse(data.as_of);
    slider.max = String(Math.max(0, Math.round((dayN - day0) / DAY)));
    slider.value = slider.max;
    function moved() {
      state.day = isoDay(day0 + Number(slider.value) * DAY);
      text($("peta-tanggal-teks"), shown(state.day));
      if (state.selected) panel(state.selected);
      redraw();
    }
    slider.addEventListener("input", moved);
    moved();
    panel(null);
    root.dataset.siap = "1";  // the journeys wait for this
  }

  if (!webglWorks()) return;  // the static SVG stays
  root.hidden = false;
  var still = document.getElementById("diagram-statis");
  if (still) still.classList.add("peta-aktif");
  fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { if (response.status !== 200) throw new Error(String(response.status)); return response.json(); })
    .then(start)
    .catch(function () {
      root.hidden = true;
      if (still) still.classList.remove("peta-aktif");
    });
})();
