// Actor network: nodes are actors, arrows actor pairs weighted by their number of events.
(function () {
  "use strict";
  const box = document.getElementById("network");
  fetch("/api/network").then((r) => r.json()).then((data) => {
    const nodes = new vis.DataSet(data.nodes.map((n) => ({
      id: n.id, label: n.name + (n.country ? " (" + n.country + ")" : ""), shape: "dot", size: 12,
    })));
    const edges = new vis.DataSet(data.edges.map((e, i) => ({
      id: i, from: e.source, to: e.target, value: e.weight, arrows: "to", title: e.weight + " events",
    })));
    const network = new vis.Network(box, {nodes: nodes, edges: edges}, {
      physics: {stabilization: {iterations: 200}}, edges: {scaling: {min: 1, max: 8}},
    });
    network.on("click", (event) => {
      if (event.nodes.length) {
        const node = data.nodes.find((n) => n.id === event.nodes[0]);
        if (node) window.location.href = "/actors/" + encodeURIComponent(node.name);
      }
    });
    box.dataset.nodes = String(data.nodes.length);
  });
})();
