// Supervision charts (ECharts from the WebJar, no CDN). Loaded as a file because the CSP forbids
// inline scripts: each element with data-chart fetches its JSON from data-src and draws itself.
(function () {
  function draw(el, data) {
    var kind = el.getAttribute('data-chart');
    var chart = echarts.init(el);
    if (kind === 'ranking') {
      var rows = data.ranking.slice(0, 30);
      chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: [el.getAttribute('data-label-average'), el.getAttribute('data-label-p90')] },
        grid: { left: 40, right: 20, bottom: 90 },
        xAxis: { type: 'category', data: rows.map(function (r) { return r.name; }), axisLabel: { rotate: 45, interval: 0 } },
        yAxis: { type: 'value', name: el.getAttribute('data-label-minutes') },
        series: [
          { name: el.getAttribute('data-label-average'), type: 'bar', data: rows.map(function (r) { return r.averageMinutes; }) },
          { name: el.getAttribute('data-label-p90'), type: 'bar', data: rows.map(function (r) { return r.p90Minutes; }) }
        ]
      });
    } else if (kind === 'trend') {
      var months = data.trend.map(function (t) { return t.month; });
      chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { data: [el.getAttribute('data-label-average'), el.getAttribute('data-label-overdue'), el.getAttribute('data-label-compliance')] },
        xAxis: { type: 'category', data: months },
        yAxis: [{ type: 'value', name: el.getAttribute('data-label-minutes') }, { type: 'value', name: '%', max: 100 }],
        series: [
          { name: el.getAttribute('data-label-average'), type: 'line', data: data.trend.map(function (t) { return t.averageMinutes; }) },
          { name: el.getAttribute('data-label-overdue'), type: 'bar', data: data.trend.map(function (t) { return t.overdue; }) },
          { name: el.getAttribute('data-label-compliance'), type: 'line', yAxisIndex: 1, data: data.trend.map(function (t) { return t.compliance; }) }
        ]
      });
    }
    window.addEventListener('resize', function () { chart.resize(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var cache = {};
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var src = el.getAttribute('data-src');
      if (!cache[src]) {
        cache[src] = fetch(src, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
          .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
      }
      cache[src].then(function (data) { draw(el, data); })
        .catch(function () { el.textContent = el.getAttribute('data-label-error'); });
    });
  });
})();
