'use strict';
// Draws report.html's figures with Chart.js from the run's figures embedded as JSON. Each figure
// marks itself data-drawn="true" once its canvas holds a drawing, so a browser test (and a reader)
// can tell a drawn chart from a blank one. Series longer than a chart has pixels arrive thinned by
// ReportData (each time slice's lowest and highest point, so every peak), and their figures say so.
(function () {
  const data = JSON.parse(document.getElementById('data').textContent);
  const main = document.getElementById('report');
  const palette = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00', '#b82e2e', '#316395'];
  const color = i => palette[i % palette.length];
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;

  function element(tag, parent, text) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e);
    return e;
  }

  function banner() {
    const h = document.getElementById('verdict');
    element('h1', h, data.verdict + '  ' + data.profile);
    element('div', h, data.headline);
    const ul = element('ul', h);
    data.reasons.forEach(r => element('li', ul, r));
  }

  function section(title) {
    const s = element('section', main);
    element('h2', s, title);
    return s;
  }

  function drawn(canvas) {
    const ctx = canvas.getContext('2d');
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 16) {
      if (pixels[i] > 0) inked++;
    }
    return inked > 50;
  }

  function figure(parent, id, caption, config) {
    const f = element('figure', parent);
    f.id = id;
    f.dataset.chart = id;
    const holder = element('div', f);
    holder.style.position = 'relative';
    holder.style.height = '320px';
    const canvas = element('canvas', holder);
    const thinned = data.thinnedToSlices && OVER_TIME.includes(id);
    const note = element('figcaption', f, caption + (thinned ? ' (thinned for drawing)' : ''));
    if (thinned) {
      f.title = note.title = 'Drawn thinned: the run is cut into ' + data.thinnedToSlices + ' time slices and each line keeps its lowest and '
        + 'highest point in each, so every peak is drawn. The verdict and the tables are computed from every interval and sample.';
      f.dataset.thinned = 'true';
    }
    try {
      new Chart(canvas, config);
      f.dataset.drawn = String(drawn(canvas));
    } catch (e) {
      f.dataset.drawn = 'false';
      window.soakrigErrors.push(id + ': ' + e.message);
      document.body.dataset.errors = JSON.stringify(window.soakrigErrors);
    }
  }

  const OVER_TIME = ['latency-over-time', 'success-over-time', 'amplification-over-time', 'memory-over-time', 'arrivals'];
  const seconds = title => ({ type: 'linear', title: { display: true, text: title || 'seconds since the run started' } });
  const line = (label, xs, ys, i, extra) => Object.assign({
    label, data: xs.map((x, k) => ({ x, y: ys[k] })), borderColor: color(i), backgroundColor: color(i),
    pointRadius: 0, borderWidth: 1.5, parsing: false, spanGaps: false }, extra || {});

  function latency() {
    const names = Object.keys(data.latency);
    if (names.length === 0) return;
    const s = section('Latency');
    const sets = [];
    names.forEach((n, i) => {
      const e = data.latency[n];
      sets.push(line(n + ' p99', e.t, e.p99, i));
      sets.push(line(n + ' p50', e.t, e.p50, i, { borderDash: [4, 3], borderWidth: 1 }));
    });
    figure(s, 'latency-over-time', 'p50 (dashed) and p99 of successful logical requests per interval and endpoint, milliseconds (retries and back-off included)',
      { type: 'line', data: { datasets: sets }, options: { scales: { x: seconds(), y: { type: 'linear', title: { display: true, text: 'ms' } } },
        plugins: { decimation: { enabled: true, algorithm: 'min-max' } } } });
    const spectrum = Object.keys(data.spectrum).map((n, i) => line(n, data.spectrum[n].x, data.spectrum[n].ms, i));
    figure(s, 'percentile-spectrum', 'the whole percentile spectrum of successful requests over the run (HdrHistogram): x is 1/(1 − percentile), so 10 is p90, 100 p99, 1000 p99.9',
      { type: 'line', data: { datasets: spectrum }, options: { scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'percentile (1/(1−p))' }, ticks: { callback: v =>
          ({ 1: 'p0', 10: 'p90', 100: 'p99', 1000: 'p99.9', 10000: 'p99.99', 100000: 'p99.999', 1000000: 'p99.9999' })[v] || '' } },
        y: { type: 'logarithmic', title: { display: true, text: 'ms' } } } } });
  }

  function outcomes() {
    const names = Object.keys(data.outcomes);
    if (names.length === 0) return;
    const s = section('Success and retries over time');
    const options = (y, extra) => ({ scales: { x: seconds(), y: Object.assign({ title: { display: true, text: y } }, extra || {}) },
      plugins: { decimation: { enabled: true, algorithm: 'min-max' } } });
    figure(s, 'success-over-time', 'logical requests that succeeded per interval and endpoint, percent of those that ended in it (after every retry allowed)',
      { type: 'line', data: { datasets: names.map((n, i) => line(n, data.outcomes[n].t, data.outcomes[n].successPercent, i)) },
        options: options('% succeeded', { min: 0, max: 100 }) });
    const amplified = names.filter(n => data.outcomes[n].amplification.some(a => a !== null));
    if (amplified.length === 0) return;
    figure(s, 'amplification-over-time', 'attempts the clients sent per logical request that ended, per interval and endpoint (1 = no retries): the retry storm as it builds',
      { type: 'line', data: { datasets: amplified.map((n, i) => line(n, data.outcomes[n].t, data.outcomes[n].amplification, names.indexOf(n))) },
        options: options('attempts per logical request', { beginAtZero: true }) });
  }

  function memory() {
    const names = Object.keys(data.memory);
    if (names.length === 0) return;
    const s = section('Memory');
    const sets = [];
    names.forEach((n, i) => {
      const m = data.memory[n];
      sets.push(line(n + ' (' + m.signal + ')', m.t, m.mb, i));
      if (m.fit) {
        const f = m.fit;
        sets.push(line(n + ' fitted ' + f.slope.toFixed(2) + ' MB/min', [f.t0, f.t1], [f.mb0, f.mb1], i, { borderDash: [6, 3], borderWidth: 2 }));
        if (f.lowerMb1 !== null) {
          sets.push(line(n + ' interval', [f.t0, f.t1, f.t1, f.t0], [f.mb0, f.lowerMb1, f.upperMb1, f.mb0], i,
            { borderWidth: 0, fill: true, backgroundColor: color(i) + '22' }));
        }
        if (f.calledAt !== null) {
          sets.push(line(n + ' ' + f.decision + ' called at ' + f.calledAt.toFixed(0) + ' s', [f.calledAt], [f.calledMb], i,
            { pointRadius: 7, pointStyle: 'crossRot', borderWidth: 2, showLine: false }));
        }
      }
    });
    figure(s, 'memory-over-time', 'memory per target (GC-aware where the source has it), MiB; dashed: the Theil–Sen growth with its interval shaded; a cross where the leak detector decided',
      { type: 'line', data: { datasets: sets }, options: { scales: { x: seconds(), y: { title: { display: true, text: 'MiB' } } },
        plugins: { decimation: { enabled: true, algorithm: 'min-max' } } } });
  }

  function arrivals() {
    if (!data.arrivals || data.arrivals.t.length === 0) return;
    const s = section('Load');
    const a = data.arrivals;
    figure(s, 'arrivals', 'arrivals per second: intended by the schedule, and started by the load generator (the gap is the generator falling behind)',
      { type: 'line', data: { datasets: [line('intended', a.t, a.intended, 0, { borderDash: [4, 3] }), line('started', a.t, a.started, 1)] },
        options: { scales: { x: seconds('seconds since the first arrival'), y: { title: { display: true, text: 'per second' } } },
          plugins: { decimation: { enabled: true, algorithm: 'min-max' } } } });
  }

  function amplification() {
    const layers = Object.keys(data.amplification);
    if (layers.length === 0) return;
    const s = section('Amplification');
    figure(s, 'amplification', 'attempts arriving at each layer per logical request (1 = no retries)',
      { type: 'bar', data: { labels: layers, datasets: [{ label: 'attempts per logical request', data: layers.map(l => data.amplification[l]),
        backgroundColor: layers.map((l, i) => color(i)) }] }, options: { scales: { y: { beginAtZero: true } } } });
  }

  function events() {
    if (data.events.length === 0) return;
    const s = section('Restarts and kills');
    const lanes = [...new Set(data.events.map(e => e.lane))];
    const types = [...new Set(data.events.map(e => e.type))];
    const styles = { STARTED: 'circle', EXITED: 'triangle', OOM_KILLED: 'crossRot', RESTART_SCHEDULED: 'line', START_FAILED: 'rectRot',
      CONFIG_PUSHED: 'star', SHEDDING_STARTED: 'rect', SHEDDING_STOPPED: 'rect' };
    const sets = types.map((t, i) => ({ label: t, data: data.events.filter(e => e.type === t).map(e => ({ x: e.t, y: lanes.indexOf(e.lane) })),
      pointStyle: styles[t] || 'circle', pointRadius: 7, borderColor: color(i), backgroundColor: color(i), showLine: false, parsing: false }));
    figure(s, 'events', 'process events per target instance: starts, exits, OOM kills, restarts scheduled, configuration pushes, load shedding',
      { type: 'scatter', data: { datasets: sets }, options: { scales: { x: seconds(),
        y: { min: -1, max: lanes.length, ticks: { stepSize: 1, autoSkip: false, callback: v => Number.isInteger(v) && lanes[v] ? lanes[v] : '' } } } } });
  }

  function table(title, rows) {
    if (!rows || rows.length === 0) return;
    const s = section(title);
    const t = element('table', s);
    const head = element('tr', t);
    Object.keys(rows[0]).forEach(k => element('th', head, k));
    rows.forEach(r => { const tr = element('tr', t); Object.values(r).forEach(v => element('td', tr, v === null ? '-' : String(v))); });
  }

  banner();
  latency();
  outcomes();
  memory();
  arrivals();
  amplification();
  events();
  table('Canary', data.canary);
  table('Experiment', data.experiment);
  document.body.dataset.figures = String(document.querySelectorAll('figure').length);
  document.body.dataset.rendered = 'true';
})();
