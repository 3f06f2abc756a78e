/**
 * The script of the interactive report (`index.html`), run by the browser with Chart.js's UMD build
 * already loaded as `Chart` and the report's data in `<script id="faultline-data">` (its shape is
 * `HtmlData` in htmlReport.ts). One section per panel (the whole system, each trace, each process:
 * whatever the data holds), each with a fault curve and its controls: a checkbox per series, the
 * quantity (faults, miss ratio, per 1,000 references, write-backs, paging time), log or linear
 * axes. Hovering a point shows its exact counters. Below it, the fault breakdown: stacked bars of
 * fault causes, one bar per checked fixed-space series, at the memory size chosen in its list (in
 * faults, or per reference when the curve shows a rate). `window.faultline.charts` lists the curve
 * charts and `window.faultline.breakdowns` the bar charts, panel by panel, for tests;
 * `document.body.dataset.ready` is set once every chart is drawn.
 *
 * Kept as plain browser JavaScript (ES2020, no imports) in a string: it is never run by Node.
 */
export const HTML_APP = String.raw`
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('faultline-data').textContent);
  const format = (v, digits) => Number(v.toPrecision(digits || 4)).toLocaleString('en-US');
  const bytes = (n) => {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let u = 0;
    while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
    return format(n, 3) + ' ' + units[u];
  };
  const QUANTITIES = {
    faults: { title: 'faults', value: (p) => p.faults },
    'miss-ratio': { title: 'miss ratio (faults per reference)', value: (p, panel) => (panel.counted > 0 ? p.faults / panel.counted : 0) },
    'per-1000': { title: 'faults per 1,000 references', value: (p, panel) => (panel.counted > 0 ? (1000 * p.faults) / panel.counted : 0) },
    writebacks: { title: 'write-backs (dirty pages evicted)', value: (p) => p.writebacks },
    seconds: { title: 'estimated paging time (s)', value: (p) => p.seconds },
  };
  const charts = [];
  const breakdowns = [];
  window.faultline = { charts: charts, breakdowns: breakdowns };
  // The breakdown's bars count faults; a curve showing a rate shows them as the same rate.
  const BAR_SCALES = { 'miss-ratio': (panel) => (panel.counted > 0 ? 1 / panel.counted : 0), 'per-1000': (panel) => (panel.counted > 0 ? 1000 / panel.counted : 0) };
  const barTitle = (quantity) => (BAR_SCALES[quantity] ? QUANTITIES[quantity].title : 'faults');

  function hatch(colour) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 8;
    const ctx = tile.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 8, 8);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const offset of [-8, 0, 8]) { ctx.moveTo(offset, 8); ctx.lineTo(offset + 8, 0); }
    ctx.stroke();
    return ctx.createPattern(tile, 'repeat');
  }

  /** The bars at memory size x: the checked fixed-space series that ran at x. */
  function bars(panel, x, checked, quantity) {
    const scale = BAR_SCALES[quantity] ? BAR_SCALES[quantity](panel) : 1;
    const rows = panel.series
      .map((s, i) => ({ s: s, point: s.points.find((p) => p.x === x), on: checked[i] }))
      .filter((r) => !r.s.variable && r.on && r.point);
    return {
      labels: rows.map((r) => r.s.name),
      datasets: panel.causes.map((c, k) => ({
        label: c.label,
        data: rows.map((r) => r.point.causes[k] * scale),
        backgroundColor: c.hatched ? hatch(c.colour) : c.colour,
        borderColor: c.colour,
        borderWidth: c.hatched ? 1 : 0,
        stack: 'faults',
      })),
    };
  }

  function element(tag, attributes, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes || {})) {
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children || []) e.appendChild(c);
    return e;
  }

  function datasets(panel, quantity) {
    const q = QUANTITIES[quantity];
    return panel.series.map((s) => ({
      label: s.name,
      data: s.points.map((p) => ({ x: p.x, y: q.value(p, panel) })),
      borderColor: s.colour,
      backgroundColor: s.colour,
      borderDash: s.dash.map((d) => d * 2),
      borderWidth: 2,
      pointStyle: s.marker,
      pointRadius: 4,
      pointHoverRadius: 6,
      tension: 0,
      hidden: !s.shown,
    }));
  }

  function panelSection(panel, index) {
    const id = 'panel-' + index;
    const quantity = element('select', { 'data-control': 'quantity' }, Object.entries(QUANTITIES).map(([k, q]) => element('option', { value: k, text: q.title })));
    const logY = element('input', { type: 'checkbox', 'data-control': 'log-y' });
    const logX = element('input', { type: 'checkbox', 'data-control': 'log-x' });
    logX.checked = panel.logX;
    const toggles = panel.series.map((s, i) => {
      const box = element('input', { type: 'checkbox', 'data-series': s.name, 'data-index': String(i) });
      box.checked = s.shown;
      const swatch = element('span', { class: 'swatch' });
      swatch.style.borderTop = '3px ' + (s.dash.length ? 'dashed ' : 'solid ') + s.colour;
      return element('label', { class: 'toggle' }, [box, swatch, element('span', { text: s.name })]);
    });
    const canvas = element('canvas', { id: id + '-chart', role: 'img', 'aria-label': panel.title });
    const sizes = [...new Set(panel.series.filter((s) => !s.variable).flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
    const sizeChoice = element('select', { 'data-control': 'breakdown-size' }, sizes.map((x) => element('option', { value: String(x), text: format(x, 6) + ' pages (' + bytes(x * panel.pageSize) + ')' })));
    if (sizes.length) sizeChoice.value = String(sizes[Math.floor((sizes.length - 1) / 2)]);
    const barCanvas = element('canvas', { id: id + '-breakdown', role: 'img', 'aria-label': panel.title + ': faults by cause' });
    const section = element('section', { id: id, class: 'panel', 'data-kind': panel.kind }, [
      element('h2', { text: panel.title }),
      element('p', { class: 'subtitle', text: panel.subtitle }),
      element('div', { class: 'controls' }, [
        element('label', {}, [element('span', { text: 'y: ' }), quantity]),
        element('label', {}, [logY, element('span', { text: ' log y' })]),
        element('label', {}, [logX, element('span', { text: ' log memory' })]),
      ]),
      element('div', { class: 'series' }, toggles),
      element('div', { class: 'chart' }, [canvas]),
      element('h3', { text: 'Faults by cause' }),
      element('div', { class: 'controls' }, [element('label', {}, [element('span', { text: 'at ' }), sizeChoice])]),
      element('div', { class: 'chart' }, [barCanvas]),
    ]);
    document.getElementById('panels').appendChild(section);

    const chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets(panel, 'faults') },
      options: {
        animation: false,
        maintainAspectRatio: true,
        aspectRatio: 1.6,
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => {
                const x = items[0].parsed.x;
                return format(x, 6) + ' pages (' + bytes(x * panel.pageSize) + ')';
              },
              label: (item) => {
                const p = panel.series[item.datasetIndex].points[item.dataIndex];
                return item.dataset.label + ': ' + format(p.faults, 12) + ' faults (' + format(p.compulsory, 12) + ' compulsory, ' + format(p.capacity, 12) + ' capacity), ' +
                  format(p.hits, 12) + ' hits, ' + format(p.writebacks, 12) + ' write-backs, miss ratio ' + format(panel.counted > 0 ? p.faults / panel.counted : 0, 4);
              },
            },
          },
        },
        scales: {
          x: { type: panel.logX ? 'logarithmic' : 'linear', title: { display: true, text: 'memory size (pages of ' + bytes(panel.pageSize) + ')' } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: QUANTITIES.faults.title } },
        },
      },
    });
    charts.push(chart);

    const checkedNow = () => panel.series.map((_, i) => chart.isDatasetVisible(i));
    const breakdown = new Chart(barCanvas, {
      type: 'bar',
      data: bars(panel, Number(sizeChoice.value), checkedNow(), 'faults'),
      options: {
        animation: false,
        maintainAspectRatio: true,
        aspectRatio: 2.2,
        plugins: { legend: { position: 'bottom' } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: barTitle('faults') } },
        },
      },
    });
    breakdowns.push(breakdown);
    const redrawBars = () => {
      breakdown.data = bars(panel, Number(sizeChoice.value), checkedNow(), quantity.value);
      breakdown.options.scales.y.title.text = barTitle(quantity.value);
      breakdown.update();
    };
    sizeChoice.addEventListener('change', redrawBars);

    quantity.addEventListener('change', () => {
      chart.data.datasets.forEach((d, i) => { d.data = datasets(panel, quantity.value)[i].data; });
      chart.options.scales.y.title.text = QUANTITIES[quantity.value].title;
      chart.update();
      redrawBars();
    });
    logY.addEventListener('change', () => {
      chart.options.scales.y.type = logY.checked ? 'logarithmic' : 'linear';
      chart.update();
    });
    logX.addEventListener('change', () => {
      chart.options.scales.x.type = logX.checked ? 'logarithmic' : 'linear';
      chart.update();
    });
    for (const t of toggles) {
      const box = t.querySelector('input');
      box.addEventListener('change', () => {
        chart.setDatasetVisibility(Number(box.dataset.index), box.checked);
        chart.update();
        redrawBars();
      });
    }
  }

  Chart.defaults.font.family = data.fontFamily;
  Chart.defaults.color = '#000000';
  const ready = document.fonts ? document.fonts.load('12px "' + data.fontFamily + '"') : Promise.resolve();
  ready.then(() => {
    data.panels.forEach(panelSection);
    document.body.dataset.ready = 'true';
  });
})();
`;
