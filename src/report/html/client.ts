/**
 * The script report.html runs in the browser (plain ES2017, no build step): sortable tables (click a
 * header; again to reverse), filter boxes (every word must appear in the row), and the charts, each drawn
 * by vega-embed from the specs inlined in the page. When every chart is drawn, `<body data-charts>` holds
 * their count, and `window.reportViews` the Vega views (the browser test reads both).
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  function sortKey(cell) {
    var key = cell.getAttribute('data-sort');
    return key === null ? null : Number(key);
  }
  function sortTable(table, column, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute('aria-sort') === 'ascending';
    var numeric = rows.some(function (r) { return sortKey(r.cells[column]) !== null; });
    rows.sort(function (a, b) {
      var x = a.cells[column], y = b.cells[column];
      var order;
      if (numeric) {
        var kx = sortKey(x), ky = sortKey(y);
        // Rows without a value go last whichever way the column is sorted.
        if (kx === null || ky === null) return kx === ky ? 0 : kx === null ? 1 : -1;
        order = kx - ky;
      } else {
        order = x.textContent.localeCompare(y.textContent, undefined, { numeric: true });
      }
      return descending ? -order : order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.title = 'click to sort';
      th.addEventListener('click', function () { sortTable(table, column, th); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('input[data-table]'), function (input) {
    var table = document.getElementById(input.getAttribute('data-table'));
    var shown = document.querySelector('[data-for="' + table.id + '"]');
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) n++;
      });
      shown.textContent = n + ' of ' + table.tBodies[0].rows.length + ' rows';
    });
  });

  var charts = JSON.parse(document.getElementById('report-charts').textContent);
  window.reportViews = {};
  var options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  Promise.all(charts.map(function (chart) {
    return vegaEmbed('#' + chart.id, chart.spec, options).then(function (result) {
      window.reportViews[chart.id] = result.view;
    }).catch(function (error) {
      document.getElementById(chart.id).textContent = 'This chart could not be drawn: ' + error.message;
      console.error('chart ' + chart.id + ': ' + error.message);
    });
  })).then(function () {
    document.body.setAttribute('data-charts', String(Object.keys(window.reportViews).length));
  });
})();
`;
