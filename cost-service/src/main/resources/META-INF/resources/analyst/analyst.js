// The analysts' page: everything it shows comes from the cost-service API with the analyst's own bearer token.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const day = (d) => d.toISOString().slice(0, 10);
  const today = new Date();
  $('to').value = day(new Date(today.getTime() + 86400000));
  $('from').value = day(new Date(today.getTime() - 29 * 86400000));
  const params = new URLSearchParams(location.search);
  if (params.get('token')) { $('key').value = params.get('token'); }
  if (params.get('tenant')) { $('tenant').value = params.get('tenant'); }

  async function api(path) {
    const r = await fetch(path, { headers: { 'Authorization': 'Bearer ' + $('key').value, 'Accept': 'application/json' } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) { const e = new Error(body.detail || ('HTTP ' + r.status)); e.status = r.status; throw e; }
    return body;
  }

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  function drawChart(daily, forecast) {
    const svg = $('chart');
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    const ns = 'http://www.w3.org/2000/svg';
    const points = daily.map((r) => ({ day: r.bucket.slice(0, 10), cost: Number(r.cost_usd) }));
    const future = (forecast ? forecast.forecast : []).map((b) => ({ day: b.day, cost: b.cost_usd, lo: b.lower_usd, hi: b.upper_usd }));
    const all = points.length + future.length;
    if (all === 0) { return; }
    const W = 860, H = 260, left = 60, bottom = 24, top = 10;
    const max = Math.max(...points.map((p) => p.cost), ...future.map((f) => f.hi), 1e-12);
    const x = (i) => left + (i + 0.5) * (W - left) / all;
    const y = (v) => H - bottom - (H - bottom - top) * v / max;
    const bw = Math.max(2, (W - left) / all * 0.7);
    const el = (name, attrs) => { const e = document.createElementNS(ns, name); Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v)); svg.appendChild(e); return e; };
    points.forEach((p, i) => {
      const r = el('rect', { class: 'bar', x: x(i) - bw / 2, y: y(p.cost), width: bw, height: H - bottom - y(p.cost) });
      const t = document.createElementNS(ns, 'title'); t.textContent = p.day + ': ' + p.cost.toFixed(6) + ' USD'; r.appendChild(t);
    });
    if (future.length) {
      const off = points.length;
      const band = future.map((f, i) => x(off + i) + ',' + y(f.hi)).concat(future.slice().reverse().map((f, i) => x(off + future.length - 1 - i) + ',' + y(f.lo)));
      el('polygon', { class: 'band', points: band.join(' ') });
      el('polyline', { class: 'forecast', points: future.map((f, i) => x(off + i) + ',' + y(f.cost)).join(' ') });
    }
    el('text', { x: 4, y: top + 10 }).textContent = max.toPrecision(3) + ' USD';
    el('text', { x: 4, y: H - bottom }).textContent = '0';
    const first = points.length ? points[0].day : future[0].day;
    el('text', { x: left, y: H - 6 }).textContent = first;
    el('text', { x: W - 80, y: H - 6 }).textContent = future.length ? future[future.length - 1].day : points[points.length - 1].day;
  }

  function fillTable(b, groupBy) {
    $('groupHead').textContent = groupBy;
    const body = $('breakdown').tBodies[0];
    body.innerHTML = '';
    b.rows.forEach((r) => {
      const tr = body.insertRow();
      [r.group[groupBy], r.cost_usd, r.trusted_tasks, r.cost_per_trusted_task_usd ?? '—'].forEach((v) => { tr.insertCell().textContent = v; });
    });
    $('total').textContent = b.total_cost_usd;
  }

  // The advisor answers for one tenant at a time: its own recommendations and what the applied ones realised.
  async function advise(tenant) {
    const recs = $('advice').tBodies[0];
    const applied = $('applied').tBodies[0];
    recs.innerHTML = '';
    applied.innerHTML = '';
    $('adviceNote').textContent = '';
    if (!tenant || tenant.includes(',')) { $('adviceNote').textContent = '(choose one tenant)'; return; }
    try {
      const a = await api('/v1/cost/recommendations?tenant=' + encodeURIComponent(tenant));
      $('adviceNote').textContent = '(' + a.from + ' to ' + a.to + ': ' + a.recommendations.length + ')';
      a.recommendations.forEach((r) => {
        const tr = recs.insertRow();
        [r.id, r.title + ' — ' + r.basis, r.estimated_monthly_saving_usd, r.apply.join(' ')].forEach((v) => { tr.insertCell().textContent = v; });
      });
      const done = await api('/v1/cost/recommendations/applied?tenant=' + encodeURIComponent(tenant));
      done.applied.forEach((x) => {
        const tr = applied.insertRow();
        const r = x.realised;
        [x.recommendation_id, x.applied_at, x.estimated_monthly_saving_usd,
          r ? r.realised_monthly_saving_usd.toFixed(6) : '—',
          r ? r.measured_days + ' days, ' + r.status + (r.beyond_band ? ', beyond the band' : ', inside the band') : x.realised_note]
          .forEach((v) => { tr.insertCell().textContent = v; });
      });
    } catch (e) {
      $('adviceNote').textContent = '(no advice: ' + e.message + ')';
    }
  }

  async function show(ev) {
    if (ev) { ev.preventDefault(); }
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value });
    const tenant = $('tenant').value.trim();
    if (tenant) { q.set('tenant', tenant); }
    const groupBy = $('groupBy').value;
    status('loading…');
    try {
      const daily = await api('/v1/cost/breakdown?' + q + '&granularity=day');
      const table = await api('/v1/cost/breakdown?' + q + '&group_by=' + groupBy);
      let forecast = null;
      $('forecastNote').textContent = '';
      if (tenant && !tenant.includes(',')) {
        try {
          forecast = await api('/v1/cost/forecast?tenant=' + encodeURIComponent(tenant) + '&horizon=7');
          $('forecastNote').textContent = '(forecast: backtest MAPE ' + forecast.backtest.mape_percent.toFixed(1) + '%, naive ' + forecast.backtest.naive_mape_percent.toFixed(1) + '%)';
        } catch (e) {
          $('forecastNote').textContent = '(no forecast: ' + e.message + ')';
        }
      }
      drawChart(daily.rows, forecast);
      await advise(tenant);
      fillTable(table, groupBy);
      status(table.rows.length + ' groups, ' + daily.rows.length + ' days with spend');
    } catch (e) {
      status(e.message, true);
    }
  }

  $('query').addEventListener('submit', show);
  if ($('key').value) { show(); }
}());
