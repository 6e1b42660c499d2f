/* The collaboration network map (monitoring): sigma.js 3 + graphology, vendored.
 * Reads the network (compact: one array per field) from the API URL in data-network-url, or
 * waits for its computation (data-network-status-url); a click fetches the organisation's ties
 * with their reasons from data-network-ties-url; pan and zoom with the mouse, wheel or
 * touch; filter by tie kind and country; find an organisation; click one (or find it) to list its
 * ties and why. Everything is built with DOM methods (no innerHTML, no inline style). */
(function () {
  "use strict";

  var CLASS_COLOURS = { "inside-inside": "#1b7f3b", "inside-outside": "#1f5fbf", outside: "#b0b7c0" };
  var PALETTE = ["#1f5fbf", "#c2410c", "#1b7f3b", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d"];

  /* The page's words, in the reader's language (json_script "network-texts"); "%(name)s"
   * filled in here. */
  var TEXTS = {};
  function say(key, values) {
    var text = String(TEXTS[key] === undefined ? key : TEXTS[key]);
    Object.keys(values || {}).forEach(function (name) { text = text.split("%(" + name + ")s").join(String(values[name])); });
    return text;
  }
  function named(group, value) { return (TEXTS[group] && TEXTS[group][value]) || value; }

  /* The API answers in the page's language (the ties' reasons), not only the browser's. */
  function apiHeaders() {
    var headers = { Accept: "application/json" };
    if (document.documentElement.lang) headers["Accept-Language"] = document.documentElement.lang;
    return headers;
  }

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function start(root) {
    var words = document.getElementById("network-texts");
    if (words) TEXTS = JSON.parse(words.textContent);
    var canvas = root.querySelector("[data-network-canvas]");
    var details = root.querySelector("[data-network-details]");
    var status = root.querySelector("[data-network-status]");
    var controls = root.querySelector("[data-network-controls]");
    var GraphClass = window.graphology && (window.graphology.MultiUndirectedGraph || window.graphology.Graph);
    var SigmaClass = window.Sigma && (window.Sigma.Sigma || window.Sigma.default || window.Sigma);

    /* The network is computed in the background: until the first computation is stored, ask
     * for its status every few seconds and show the page again when it is there. */
    function waitForComputation() {
      status.textContent = say("computing");
      function poll() {
        fetch(root.getAttribute("data-network-status-url"), { credentials: "same-origin", headers: apiHeaders() })
          .then(function (response) { return response.json(); })
          .then(function (found) {
            if (found.computed_at) { window.location.reload(); return; }
            if (found.status === "failed") { status.textContent = found.error; return; }
            window.setTimeout(poll, 3000);
          })
          .catch(function () { window.setTimeout(poll, 10000); });
      }
      window.setTimeout(poll, 2000);
    }

    if (root.getAttribute("data-network-ready") !== "true") { waitForComputation(); return; }
    if (!GraphClass || !SigmaClass) return;
    status.textContent = say("loading");

    fetch(root.getAttribute("data-network-url"), { credentials: "same-origin", headers: apiHeaders() })
      .then(function (response) {
        if (response.status === 202) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { if (data) draw(data); else waitForComputation(); })
      .catch(function (error) {
        status.textContent = say("failed", { error: error.message });
      });

    /* The payload has one array per field (see the API's NetworkOut): ties name their ends by
     * position in nodes, their kind and class by position in kinds and classes. */
    function draw(data) {
      var graph = new GraphClass({ multi: true, type: "undirected" });
      var nodes = data.nodes;
      var ids = nodes.id;
      var labels = {};
      ids.forEach(function (id, index) {
        labels[id] = nodes.label[index];
        graph.addNode(id, {
          x: nodes.x[index],
          y: nodes.y[index],
          label: nodes.label[index],
          size: (nodes.partner[index] ? 7 : 2.5) + Math.min(6, Math.sqrt(nodes.degree[index])),
          color: nodes.community[index] >= 0 ? PALETTE[nodes.community[index] % PALETTE.length] : "#6b7280",
          country: nodes.country[index],
        });
      });
      var ties = data.ties;
      ties.source.forEach(function (source, index) {
        var target = ties.target[index];
        if (source === target) return;
        graph.addEdgeWithKey("t" + index, ids[source], ids[target], {
          kind: data.kinds[ties.kind[index]],
          color: CLASS_COLOURS[data.classes[ties.tie_class[index]]] || "#b0b7c0",
          size: 1,
        });
      });
      var tieCount = ties.source.length;

      var state = { kinds: {}, country: "", selected: null };
      controls.querySelectorAll("input[name=kind]").forEach(function (box) { state.kinds[box.value] = box.checked; });

      var renderer;
      try {
        renderer = new SigmaClass(graph, canvas, {
          renderLabels: true,
          labelRenderedSizeThreshold: 9,
          hideEdgesOnMove: tieCount > 20000,
          nodeReducer: function (node, attributes) {
            var result = Object.assign({}, attributes);
            if (state.country && attributes.country !== state.country) result.hidden = true;
            if (state.selected === node) { result.highlighted = true; result.forceLabel = true; }
            return result;
          },
          edgeReducer: function (edge, attributes) {
            var result = Object.assign({}, attributes);
            if (!state.kinds[attributes.kind]) { result.hidden = true; return result; }
            if (state.country) {
              var ends = graph.extremities(edge);
              if (graph.getNodeAttribute(ends[0], "country") !== state.country &&
                  graph.getNodeAttribute(ends[1], "country") !== state.country) result.hidden = true;
            }
            if (state.selected && !graph.hasExtremity(edge, state.selected)) result.color = "#e5e7eb";
            return result;
          },
        });
      } catch (error) {
        status.textContent = say("no_webgl");
        return;
      }
      var number = new Intl.NumberFormat(document.documentElement.lang || undefined);
      status.textContent = say("summary", { organisations: number.format(data.summary.organisations), ties: number.format(data.summary.ties) });

      var list = document.getElementById("map-organisations");
      var byLabel = {};
      ids.forEach(function (id, index) {
        byLabel[nodes.label[index].toLowerCase()] = id;
        var option = element("option");
        option.value = nodes.label[index];
        list.appendChild(option);
      });

      /* The reasons are not in the payload: the ties API lists one organisation's. */
      function showTies(id) {
        state.selected = id;
        renderer.refresh();
        while (details.firstChild) details.removeChild(details.firstChild);
        if (!id) return;
        details.appendChild(element("h3", labels[id]));
        var note = element("p", say("loading_ties"));
        details.appendChild(note);
        var url = root.getAttribute("data-network-ties-url") + "?organisation=" + encodeURIComponent(id);
        fetch(url, { credentials: "same-origin", headers: apiHeaders() })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          })
          .then(function (page) {
            if (state.selected !== id) return;
            var items = element("ul");
            page.ties.forEach(function (tie) {
              if (!state.kinds[tie.kind]) return;
              var other = tie.source === id ? tie.target_label : tie.source_label;
              var item = element("li");
              item.appendChild(element("strong", other));
              item.appendChild(document.createTextNode(" · " + named("kinds", tie.kind) + " · " + named("classes", tie.tie_class) + (tie.year ? " · " + tie.year : "") + ": " + tie.reason));
              items.appendChild(item);
            });
            note.textContent = (page.count === 1 ? say("ties_one") : say("ties_other", { count: page.count })) +
              (page.pages > 1 ? " " + say("first_shown", { shown: page.ties.length }) : "");
            details.appendChild(items);
          })
          .catch(function (error) { note.textContent = say("ties_failed", { error: error.message }); });
        var display = renderer.getNodeDisplayData(id);
        if (display) renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.35 }, { duration: 400 });
      }

      renderer.on("clickNode", function (event) { showTies(event.node); });
      renderer.on("clickStage", function () { showTies(null); });

      controls.addEventListener("change", function (event) {
        var target = event.target;
        if (target.name === "kind") state.kinds[target.value] = target.checked;
        if (target.name === "country") state.country = target.value;
        if (target.name === "search") {
          var id = byLabel[target.value.trim().toLowerCase()];
          if (id) showTies(id);
          return;
        }
        if (state.selected) showTies(state.selected); else renderer.refresh();
      });
      controls.addEventListener("submit", function (event) {
        event.preventDefault();
        var id = byLabel[controls.elements.search.value.trim().toLowerCase()];
        if (id) showTies(id);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-network-url]").forEach(start);
  });
})();
