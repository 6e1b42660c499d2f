/* The collaboration network map (monitoring): sigma.js 3 + graphology, vendored.
 * Reads the network from the API URL in data-network-url; pan and zoom with the mouse, wheel or
 * touch; filter by tie kind and country; find an organisation; click one (or find it) to list its
 * ties and why. Everything is built with DOM methods (no innerHTML, no inline style). */
(function () {
  "use strict";

  var CLASS_COLOURS = { "inside-inside": "#1b7f3b", "inside-outside": "#1f5fbf", outside: "#b0b7c0" };
  var PALETTE = ["#1f5fbf", "#c2410c", "#1b7f3b", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d"];

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function start(root) {
    var canvas = root.querySelector("[data-network-canvas]");
    var details = root.querySelector("[data-network-details]");
    var status = root.querySelector("[data-network-status]");
    var controls = root.querySelector("[data-network-controls]");
    var GraphClass = window.graphology && (window.graphology.MultiUndirectedGraph || window.graphology.Graph);
    var SigmaClass = window.Sigma && (window.Sigma.Sigma || window.Sigma.default || window.Sigma);
    if (!GraphClass || !SigmaClass) return;
    status.textContent = "Loading the network…";

    fetch(root.getAttribute("data-network-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { draw(data); })
      .catch(function (error) {
        status.textContent = "The map could not be loaded (" + error.message + "); the table view lists every tie.";
      });

    function draw(data) {
      var graph = new GraphClass({ multi: true, type: "undirected" });
      var labels = {};
      data.nodes.forEach(function (node) {
        labels[node.id] = node.label;
        graph.addNode(node.id, {
          x: node.x,
          y: node.y,
          label: node.label,
          size: (node.partner ? 7 : 2.5) + Math.min(6, Math.sqrt(node.degree)),
          color: node.community >= 0 ? PALETTE[node.community % PALETTE.length] : "#6b7280",
          country: node.country,
        });
      });
      data.ties.forEach(function (tie, index) {
        if (tie.source === tie.target || !graph.hasNode(tie.source) || !graph.hasNode(tie.target)) return;
        graph.addEdgeWithKey("t" + index, tie.source, tie.target, {
          kind: tie.kind,
          color: CLASS_COLOURS[tie.tie_class] || "#b0b7c0",
          size: 1,
        });
      });

      var state = { kinds: {}, country: "", selected: null };
      controls.querySelectorAll("input[name=kind]").forEach(function (box) { state.kinds[box.value] = box.checked; });

      var renderer;
      try {
        renderer = new SigmaClass(graph, canvas, {
          renderLabels: true,
          labelRenderedSizeThreshold: 9,
          hideEdgesOnMove: data.ties.length > 20000,
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
        status.textContent = "This browser cannot draw the map (WebGL); the table view lists every tie.";
        return;
      }
      status.textContent = data.summary.organisations + " organisations, " + data.summary.ties + " ties. Click or find an organisation to list its ties.";

      var list = document.getElementById("map-organisations");
      var byLabel = {};
      data.nodes.forEach(function (node) {
        byLabel[node.label.toLowerCase()] = node.id;
        var option = element("option");
        option.value = node.label;
        list.appendChild(option);
      });

      function showTies(id) {
        state.selected = id;
        renderer.refresh();
        while (details.firstChild) details.removeChild(details.firstChild);
        if (!id) return;
        details.appendChild(element("h3", labels[id]));
        var items = element("ul");
        var count = 0;
        data.ties.forEach(function (tie) {
          if (tie.source !== id && tie.target !== id) return;
          if (!state.kinds[tie.kind]) return;
          count += 1;
          if (count > 200) return;
          var other = tie.source === id ? tie.target : tie.source;
          var item = element("li");
          item.appendChild(element("strong", labels[other] || other));
          item.appendChild(document.createTextNode(" · " + tie.kind + " · " + tie.tie_class + (tie.year ? " · " + tie.year : "") + ": " + tie.reason));
          items.appendChild(item);
        });
        details.appendChild(element("p", count + (count === 1 ? " tie" : " ties") + (count > 200 ? " (the first 200 shown; the table view lists all)" : "")));
        details.appendChild(items);
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
