// The hub console's only script: live parts re-fetched every 10 s, progress bar widths, charts,
// revealing a learner id, and reading a catalogue file into its form. No inline script (CSP).
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const REFRESH_MS = 10000;

  function applyBars(root) {
    root.querySelectorAll(".progress-bar[data-pct]").forEach((bar) => {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.pct))) + "%";
    });
  }

  function drawCharts(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = JSON.parse(canvas.dataset.chart);
      new Chart(canvas, {
        type: canvas.dataset.chartType || "bar",
        data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.values, backgroundColor: "#0d6efd" }] },
        options: {
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: {
            x: { title: { display: true, text: spec.x_title } },
            y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.y_title } },
          },
        },
      });
    });
  }

  function poll(live) {
    const refresh = async () => {
      try {
        const res = await fetch(live.dataset.liveUrl, { credentials: "same-origin", cache: "no-store" });
        if (res.status === 401) { window.location.reload(); return; }
        if (res.ok) {
          live.innerHTML = await res.text();
          applyBars(live);
          live.dataset.refreshed = String(Date.now());
        }
      } catch (e) { /* offline for a moment: the next poll tries again */ }
      setTimeout(refresh, REFRESH_MS);
    };
    setTimeout(refresh, REFRESH_MS);
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button.reveal");
    if (!button) return;
    const body = new URLSearchParams({ centre: button.dataset.centre, session: button.dataset.session, record: button.dataset.record });
    const res = await fetch("/console/reveal", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf }, body,
    });
    if (!res.ok) return;
    const answer = await res.json();
    button.parentElement.querySelector(".learner-id").textContent = answer.learner_id;
    button.remove();
  });

  document.querySelectorAll("input[type=file][data-fills]").forEach((input) => {
    input.addEventListener("change", () => {
      const file = input.files[0];
      if (!file) return;
      file.text().then((text) => { document.getElementById(input.dataset.fills).value = text; });
    });
  });

  applyBars(document);
  drawCharts(document);
  document.querySelectorAll("[data-live-url]").forEach(poll);
})();
