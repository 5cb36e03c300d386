// Dashboard charts (Chart.js, served locally). Every chart has a table with the same numbers
// next to it, which is what screen readers and printouts use.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var colours = { active: "#146c43", passive: "#084298", unknown: "#6c757d", opposed: "#b02a37" };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  var consent = document.getElementById("consent-chart");
  if (consent) {
    new Chart(consent, {
      type: "doughnut",
      data: {
        labels: data.consent.map(function (row) { return row.label; }),
        datasets: [{
          data: data.consent.map(function (row) { return row.count; }),
          backgroundColor: data.consent.map(function (row) { return colours[row.level]; }),
        }],
      },
      options: { plugins: { legend: { position: "bottom", rtl: true } } },
    });
  }

  var trend = document.getElementById("trend-chart");
  if (trend) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.map(function (week) { return week.label; }),
        datasets: [
          { label: data.labels.share, data: data.trend.map(function (week) { return week.share; }),
            borderColor: colours.active, backgroundColor: colours.active, tension: 0.2 },
          { label: data.labels.target, data: data.trend.map(function () { return data.target; }),
            borderColor: "#fd7e14", borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: {
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { legend: { position: "bottom", rtl: true } },
      },
    });
  }
  document.documentElement.setAttribute("data-charts-ready", "true");
})();
