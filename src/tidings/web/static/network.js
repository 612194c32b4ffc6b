// Actor network: nodes are actors, arrows actor pairs weighted by their number of events.
// Labels stay readable once the graph is fitted to its box: a large font on a white halo, the
// name alone and cut at 28 characters (the whole name, country and count in the tooltip), nodes
// sized by their events.
(function () {
  "use strict";
  const box = document.getElementById("network");
  fetch("/api/network").then((r) => r.json()).then((data) => {
    const nodes = new vis.DataSet(data.nodes.map((n) => ({
      id: n.id, label: n.name.length > 28 ? n.name.slice(0, 27) + "…" : n.name, value: n.events, shape: "dot",
      title: n.name + (n.country ? " (" + n.country + ")" : "") + ": " + n.events + " events",
    })));
    const edges = new vis.DataSet(data.edges.map((e, i) => ({
      id: i, from: e.source, to: e.target, value: e.weight, arrows: "to", title: e.weight + " events",
    })));
    const network = new vis.Network(box, {nodes: nodes, edges: edges}, {
      nodes: {scaling: {min: 6, max: 24, label: {enabled: false}},
              font: {size: 20, face: "system-ui, sans-serif", color: "#222", strokeWidth: 4, strokeColor: "#fff"},
              color: {background: "#74c0fc", border: "#1c7ed6"}},
      edges: {scaling: {min: 1, max: 6}, color: {color: "#adb5bd", highlight: "#1c7ed6"},
              smooth: false},
      physics: {solver: "forceAtlas2Based", stabilization: {iterations: 300},
                forceAtlas2Based: {gravitationalConstant: -120, centralGravity: 0.015, springLength: 90,
                                 avoidOverlap: 1}},
    });
    network.once("stabilizationIterationsDone", () => network.setOptions({physics: false}));
    network.on("click", (event) => {
      if (event.nodes.length) {
        const node = data.nodes.find((n) => n.id === event.nodes[0]);
        if (node) window.location.href = "/actors/" + encodeURIComponent(node.name);
      }
    });
    box.dataset.nodes = String(data.nodes.length);
  });
})();
