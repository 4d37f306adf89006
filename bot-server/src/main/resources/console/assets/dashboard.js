/*
 * The dashboards' charts: each element with data-chart takes its figures from the page's
 * #dashboard-figures block (data-figures names them; the page computed them once for its tables
 * too), else from data-src (the console's JSON, the same figures), and draws them with ECharts
 * (served from this jar). Without JavaScript, or if ECharts cannot load, the tables remain.
 */
(function () {
  'use strict';
  if (typeof echarts === 'undefined') {
    return;
  }

  function names(el) {
    return (el.getAttribute('data-series') || '').split('|');
  }

  function num(v) {
    return v === null || v === undefined ? null : v;
  }

  function base(el) {
    return {
      aria: { enabled: true, label: { description: el.getAttribute('aria-label') } },
      animation: false,
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }
    };
  }

  var draw = {
    funnel: function (el, data) {
      var s = names(el);
      var o = base(el);
      o.xAxis = { type: 'category', data: data.stages.map(function (r) { return r.name; }),
        axisLabel: { interval: 0, rotate: 30 } };
      o.yAxis = { type: 'value', minInterval: 1 };
      o.series = [
        { name: s[0], type: 'bar', data: data.stages.map(function (r) { return r.reached; }) },
        { name: s[1], type: 'bar', data: data.stages.map(function (r) { return r.reachedInOrder; }) },
        { name: s[2], type: 'bar', data: data.stages.map(function (r) { return r.now; }) }
      ];
      return o;
    },
    dwell: function (el, data) {
      var s = names(el);
      var o = base(el);
      o.yAxis = { type: 'category', inverse: true, data: data.stages.map(function (r) { return r.name; }) };
      o.xAxis = { type: 'value' };
      o.series = [
        { name: s[0], type: 'bar', data: data.stages.map(function (r) { return num(r.averageDwellDays); }) },
        { name: s[1], type: 'bar', data: data.stages.map(function (r) { return num(r.medianDwellDays); }) }
      ];
      return o;
    },
    kpis: function (el, data) {
      var s = names(el);
      var keys = ['inOrderRate', 'stallRate', 'timelyRate', 'winRate'];
      var o = base(el);
      o.xAxis = { type: 'category', data: data.weeks.map(function (w) { return w.week; }) };
      o.yAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
      o.series = keys.map(function (k, i) {
        return { name: s[i], type: 'line', connectNulls: true,
          data: data.weeks.map(function (w) { return num(w[k]); }) };
      });
      return o;
    },
    sla: function (el, data) {
      var s = names(el);
      var o = base(el);
      o.xAxis = { type: 'category', data: data.reps.map(function (r) { return r.name; }),
        axisLabel: { interval: 0, rotate: 30 } };
      o.yAxis = [{ type: 'value', name: s[0] }, { type: 'value', name: s[1], minInterval: 1 }];
      o.series = [
        { name: s[0], type: 'bar', data: data.reps.map(function (r) { return num(r.medianMinutes); }) },
        { name: s[1], type: 'bar', yAxisIndex: 1, data: data.reps.map(function (r) { return r.breaches; }) }
      ];
      return o;
    },
    scores: function (el, data) {
      var s = names(el);
      var o = base(el);
      o.yAxis = { type: 'category', inverse: true, data: data.reps.map(function (r) { return r.name; }) };
      o.xAxis = { type: 'value', min: 0, max: 100 };
      o.series = [{ name: s[0], type: 'bar', data: data.reps.map(function (r) { return r.composite; }) }];
      return o;
    }
  };

  var inPage = {};
  var block = document.getElementById('dashboard-figures');
  if (block) {
    try { inPage = JSON.parse(block.textContent) || {}; } catch (e) { inPage = {}; }
  }

  function figures(el) {
    var named = inPage[el.getAttribute('data-figures')];
    if (named) {
      return Promise.resolve(named);
    }
    return fetch(el.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      });
  }

  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (el) {
    var kind = el.getAttribute('data-chart');
    figures(el)
      .then(function (data) {
        el.hidden = false;
        var chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.setOption(draw[kind](el, data));
        charts.push(chart);
        el.setAttribute('data-drawn', 'true');
      })
      .catch(function () {
        el.hidden = true; // the table beside it still has the figures
      });
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
