// orbitnet globe: loads the scenario, plays the satellites back, and shows
// the path and RTT between two places.
//
// URL parameters (all optional): t (start time, s), play (0 to start
// paused), speed, from and to (show that path at once), isl and gsl (1 or
// 0: laser and ground links shown or not), coverage, footprints, failures,
// jamming and moving (1 or 0: layers), sat (select a satellite by name or
// index), aa (1 or 0: antialiasing) and
// scale (drawing-buffer pixels per CSS pixel); on software WebGL the last
// two default to the cheaper setting.
//
// Layers (panel checkboxes): coverage (/api/coverage cells drawn on the
// Earth), footprints (of the selected satellite and the path's
// satellites), failures (satellites and ground nodes that the scenario's
// what-if failures take down at the current time), jamming (the jammed
// areas in force) and moving ground nodes with their tracks.
//
// window.orbitnet exposes the page's state for tests and the console:
// ready (the first satellites are drawn), satCount, t, route (the last
// /api/route answer shown), routeSeq (how many have been shown), sat (the
// last /api/satellite answer shown), layers() (what each layer draws),
// fps().

import { api, fmtT } from './api.js';
import { FrameStore, interpolate, fromScene } from './frames.js';
import { Globe, SHELL_COLORS, UNPLACED_COLOR, GROUND_COLORS, FAILURE_COLOR, JAM_COLOR, NO_COVERAGE_COLOR, coverageColor } from './globe.js';
import { RTTChart } from './chart.js';

const $ = (id) => document.getElementById(id);

/** Wall-clock seconds between two fetched states while playing. */
const KEY_INTERVAL = 0.25;
/** Points of an RTT series drawn in the chart, at most. */
const CHART_POINTS = 600;
/** Above this many satellites, laser links start hidden (toggle them, or
 * load the page with ?isl=1). Headless Chromium with software WebGL on 2
 * cores: 4,408 satellites with lasers 37 frames/s, 9,543 with lasers 30. */
const MAX_DEFAULT_ISL_SATS = 5000;
/** Drawing-buffer pixels per CSS pixel on software WebGL. */
const SOFTWARE_SCALE = 0.5;
/** Wall-clock milliseconds between two path requests while playing. */
const ROUTE_REFRESH_MS = 1000;
/** Wall-clock milliseconds between two coverage or satellite requests while playing. */
const LAYER_REFRESH_MS = 1500;
/** Cell size of the coverage layer, degrees (the server allows 2 to 30). */
const COVERAGE_CELL_DEG = 5;
/** Satellite names offered in the search box's list, at most. */
const MAX_LISTED_SATS = 10000;

const app = {
  sc: null,
  globe: null,
  frames: new FrameStore(),
  chart: null,
  t: 0,
  playing: true,
  speed: 10,
  shown: null, // the frame whose links are drawn
  shownKey: '',
  drawKey: '', // what the satellite and link buffers hold
  pair: null, // {from, to, centred}
  routeBusy: false,
  routeAt: 0,
  picking: null, // 'from' | 'to' | null
  frameTimes: [],
  selected: -1,
  satIndex: new Map(), // lower-case satellite name → index
  cities: [],
  coverage: { busy: false, at: 0, key: '', shown: null },
  satInfo: { busy: false, at: 0, key: '' },
  jamKey: null,
};

window.orbitnet = {
  app, // for the console
  ready: false,
  satCount: 0,
  t: 0,
  route: null,
  routeSeq: 0,
  /**
   * A satellite in front of the Earth, right of the panel, with no other
   * within 12 pixels on screen: {name, x, y} in client pixels, for tests
   * that click one. Null if there is none.
   */
  lonelySatellite() {
    const pts = [...app.globe.onScreen()].filter((p) => p.x > 400 && p.y > 40 && p.y < innerHeight - 40);
    for (const p of pts) {
      if (pts.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 12)) {
        return { name: app.sc.satellites.names[p.i], x: p.x, y: p.y };
      }
    }
    return null;
  },
  /** The satellites in front of the Earth: [{i, x, y}] in client pixels. */
  onScreen: () => app.globe.onScreen(),
  sat: null,
  searchSeq: 0,
  /** Scene position of satellite i as drawn (x, y, z; Earth radius 1). */
  satScene: (i) => Array.from(app.globe.satPos.subarray(3 * i, 3 * i + 3)),
  /** Client coordinates of a point on the Earth (degrees) and whether it faces the camera. */
  project: (lat, lon) => app.globe.project(lat, lon, 0),
  /** The failed satellites drawn: [{i, x, y}] in client pixels. */
  failedOnScreen: () => app.globe.failedShown.map((f) => ({ i: f.i, ...app.globe.projectScene(f.x, f.y, f.z) })),
  /** What each layer draws now. */
  layers() {
    const g = app.globe, cov = app.coverage.shown;
    return {
      coverage: { cells: g.surface.coverageDrawn, t: cov ? cov.t : null, count: cov ? cov.count : 0, cell: cov ? cov.cell_deg : 0 },
      footprints: g.footprintCount,
      failedSats: g.failedShown.map((f) => f.i),
      failedSatColor: '#' + g.failedSats.material.color.getHexString(),
      groundFailures: g.groundFailCount || 0,
      jams: g.surface.jams.map((j) => j.name),
      jamsDrawn: g.surface.jamsDrawn,
      moving: (g.moving || []).map((m) => ({ g: m.g, at: m.at })),
      tracks: !!(g.tracks && g.tracks.visible),
    };
  },
  /** Frames drawn per second over the last two seconds. */
  fps() {
    const ft = app.frameTimes;
    if (ft.length < 2) return 0;
    return (ft.length - 1) / ((ft[ft.length - 1] - ft[0]) / 1000);
  },
};

function status(msg, isError) {
  const s = $('status');
  s.textContent = msg || '';
  s.classList.toggle('error', !!isError);
}

async function init() {
  const params = new URLSearchParams(location.search);
  try {
    // A software renderer is limited by the pixels and primitives it
    // draws: without a GPU the globe is drawn at half resolution, without
    // antialiasing, with a smaller Earth texture and fewer triangles.
    const soft = softwareRenderer();
    const aa = params.get('aa'), scale = parseFloat(params.get('scale'));
    const cheap = soft && !(scale > 0 && scale <= 4);
    app.globe = new Globe($('globe'), {
      antialias: aa === null ? !soft : aa === '1',
      scale: cheap ? SOFTWARE_SCALE : scale > 0 && scale <= 4 ? scale : 0,
      texture: cheap ? 1024 : 4096,
      segments: cheap ? [40, 28] : [96, 64],
    });
  } catch (e) {
    status('WebGL is not available in this browser: ' + e.message, true);
    return;
  }
  app.frames.onError = (e) => status(e.message, true);
  app.chart = new RTTChart($('rtt-chart'));

  const sc = await api.scenario();
  app.sc = sc;
  document.title = `orbitnet · ${sc.name}`;
  $('scenario-name').textContent =
    `${sc.name}: ${sc.satellites.count.toLocaleString('en')} satellites, ${sc.ground.length} ground nodes, ${sc.mode} routing`;
  const slider = $('time');
  slider.max = sc.duration_s;
  slider.step = Math.min(sc.step_s, sc.duration_s / 1000 || sc.step_s);

  app.globe.setSatellites(sc.satellites.shell);
  app.globe.setGround(sc.ground);
  sc.satellites.names.forEach((n, i) => { if (!app.satIndex.has(n.toLowerCase())) app.satIndex.set(n.toLowerCase(), i); });
  sc.failures = sc.failures || [];
  legend(sc);
  layerNotes(sc);
  window.orbitnet.satCount = sc.satellites.count;

  const t = parseFloat(params.get('t'));
  if (t >= 0 && t <= sc.duration_s) app.t = t;
  if (params.get('play') === '0') app.playing = false;
  const sp = parseFloat(params.get('speed'));
  if (sp >= 1 && sp <= 1000) app.speed = sp;
  $('speed').value = String(app.speed);
  if (!$('speed').value) {
    const o = new Option(`×${app.speed}`, String(app.speed), true, true);
    $('speed').add(o);
  }
  // Laser links are drawn by default for constellations small enough that
  // they stay legible (and cheap); the checkbox or ?isl=1 shows them always.
  $('show-isl').checked = params.has('isl') ? params.get('isl') === '1' : sc.satellites.count <= MAX_DEFAULT_ISL_SATS;
  $('show-gsl').checked = params.get('gsl') === '1';
  for (const l of ['coverage', 'footprints', 'failures', 'jamming', 'moving']) {
    if (params.has(l)) $('layer-' + l).checked = params.get(l) === '1';
  }
  updatePlayButton();
  wireControls();

  api.outlines().then((o) => app.globe.setOutlines(o.rings)).catch((e) => status(e.message, true));
  api.cities().then((c) => {
    app.cities = c.cities;
    fillPlaces(sc, c.cities);
  }).catch((e) => status(e.message, true));
  if (params.get('from') && params.get('to')) {
    $('from').value = params.get('from');
    $('to').value = params.get('to');
    setPair($('from').value, $('to').value);
  }
  if (params.get('sat')) {
    const q = params.get('sat');
    const i = /^\d+$/.test(q) ? Number(q) : app.satIndex.get(q.toLowerCase());
    if (i >= 0 && i < sc.satellites.count) selectSat(i);
  }
  requestAnimationFrame(tick);
}

/** Whether WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe). */
function softwareRenderer() {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    const lose = gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();
    return /swiftshader|llvmpipe|software/i.test(name);
  } catch (e) {
    return false;
  }
}

function legend(sc) {
  const box = $('legend');
  const add = (color, text) => {
    const s = document.createElement('span');
    const dot = document.createElement('span');
    dot.className = 'swatch';
    dot.style.background = color;
    s.append(dot, text);
    box.append(s);
  };
  sc.shells.forEach((sh, i) => add(SHELL_COLORS[i % SHELL_COLORS.length], `${sh.name} (${sh.satellites})`));
  const unplaced = sc.satellites.shell.filter((s) => s < 0).length;
  if (unplaced) add(UNPLACED_COLOR, `no shell (${unplaced})`);
  const kinds = new Set(sc.ground.map((g) => g.kind));
  for (const k of kinds) add(GROUND_COLORS[k], k);
  if (sc.failures.length) {
    add(FAILURE_COLOR, 'down (what-if)');
    if (sc.failures.some((f) => f.kind === 'jamming')) add(JAM_COLOR, 'jammed');
  }
}

/** Says what the failure and moving layers hold in this scenario. */
function layerNotes(sc) {
  const notes = [];
  const when = (f) => `${fmtT(f.from_s)}–${f.until_s === null ? 'end' : fmtT(f.until_s)} s`;
  for (const f of sc.failures) notes.push(`${f.name} (${f.kind}, ${when(f)})`);
  $('layer-notes').textContent = notes.length ? 'what-ifs: ' + notes.join('; ') : 'no what-if failures in this scenario';
  const moving = sc.ground.filter((g) => g.moving).length;
  if (moving) $('layer-notes').textContent += `; ${moving} moving ground nodes`;
}

function fillPlaces(sc, cities) {
  const seen = new Set();
  const list = $('places');
  const frag = document.createDocumentFragment();
  const add = (name, label) => {
    if (seen.has(name)) return;
    seen.add(name);
    const o = document.createElement('option');
    o.value = name;
    if (label) o.label = label;
    frag.append(o);
  };
  for (const g of sc.ground) add(g.name, g.kind);
  for (const c of cities) add(c[0], 'city');
  list.append(frag);
  // The search box: ground nodes, cities and satellites.
  const sl = $('search-list');
  const sf = document.createDocumentFragment();
  for (const o of list.children) sf.append(o.cloneNode());
  if (sc.satellites.count <= MAX_LISTED_SATS) {
    for (const n of sc.satellites.names) {
      const o = document.createElement('option');
      o.value = n;
      o.label = 'satellite';
      sf.append(o);
    }
  }
  sl.append(sf);
}

function wireControls() {
  $('play').addEventListener('click', () => {
    app.playing = !app.playing;
    updatePlayButton();
  });
  document.addEventListener('keydown', (e) => {
    if (e.code === 'Space' && e.target === document.body) {
      e.preventDefault();
      $('play').click();
    }
  });
  $('speed').addEventListener('change', () => { app.speed = Number($('speed').value); });
  $('time').addEventListener('input', () => setTime(Number($('time').value)));
  $('jump-form').addEventListener('submit', (e) => {
    e.preventDefault();
    jump($('jump').value);
  });
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    search($('search').value);
  });
  for (const id of ['show-isl', 'show-gsl', 'layer-footprints', 'layer-failures', 'layer-moving']) {
    $(id).addEventListener('change', () => { app.drawKey = ''; });
  }
  $('layer-coverage').addEventListener('change', () => {
    app.coverage.key = '';
    app.coverage.at = 0;
    if (!$('layer-coverage').checked) {
      app.coverage.shown = null;
      app.globe.setCoverage(null);
      $('coverage-legend').hidden = true;
    }
  });
  $('layer-jamming').addEventListener('change', () => { app.jamKey = null; });
  $('show-ground').addEventListener('change', (e) => app.globe.setVisible('ground', e.target.checked));
  $('show-outlines').addEventListener('change', (e) => app.globe.setVisible('outlines', e.target.checked));

  $('route-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setPair($('from').value.trim(), $('to').value.trim());
  });
  $('route-clear').addEventListener('click', () => setPair(null));
  for (const which of ['from', 'to']) {
    $('pick-' + which).addEventListener('click', () => {
      app.picking = app.picking === which ? null : which;
      $('pick-from').classList.toggle('active', app.picking === 'from');
      $('pick-to').classList.toggle('active', app.picking === 'to');
      $('globe').classList.toggle('picking', !!app.picking);
    });
  }

  // A click is a press and release without moving: drags rotate the globe.
  const el = app.globe.renderer.domElement;
  let downAt = null;
  el.addEventListener('pointerdown', (e) => { downAt = { x: e.clientX, y: e.clientY }; });
  el.addEventListener('pointerup', (e) => {
    if (downAt && Math.hypot(e.clientX - downAt.x, e.clientY - downAt.y) < 5) click(e.clientX, e.clientY);
    downAt = null;
  });
}

function updatePlayButton() {
  $('play').textContent = app.playing ? '❚❚ Pause' : '▶ Play';
}

/** Moves to offset t (s) and refreshes what depends on the time. */
function setTime(t) {
  app.t = t;
  app.globe.dirty = true;
  app.routeAt = 0; // refresh the path at the new time
  app.coverage.at = 0;
  app.satInfo.at = 0;
}

/**
 * Goes to a typed time: a UTC date and time (YYYY-MM-DD HH:MM[:SS[.fff]],
 * with T or a space, optionally followed by Z or UTC) or an offset in
 * seconds from the start.
 */
function jump(text) {
  const sc = app.sc, err = $('jump-error');
  const s = text.trim();
  let t = NaN;
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?\s*(?:Z|UTC)?$/i.exec(s);
  if (m) {
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], 0) + (m[6] ? parseFloat(m[6]) * 1000 : 0);
    t = (ms - Date.parse(sc.start)) / 1000;
  } else if (/^-?(\d+\.?\d*|\.\d+)\s*s?$/.test(s)) {
    t = parseFloat(s);
  } else {
    err.textContent = `"${s}": type a UTC time as YYYY-MM-DD HH:MM:SS, or seconds from the start`;
    err.hidden = false;
    return;
  }
  if (!(t >= 0 && t <= sc.duration_s)) {
    const end = new Date(Date.parse(sc.start) + sc.duration_s * 1000);
    err.textContent = `${s} is outside the scenario: ${utc(new Date(sc.start))} to ${utc(end)} (0 to ${fmtT(sc.duration_s)} s)`;
    err.hidden = false;
    return;
  }
  err.hidden = true;
  setTime(Math.round(t * 1000) / 1000);
}

/** A date as YYYY-MM-DD HH:MM:SS[.f] UTC. */
function utc(d) {
  return d.toISOString().replace('T', ' ').replace(/\.000Z$/, '').replace(/(\.\d)\d*Z$/, '$1').replace(/Z$/, '') + ' UTC';
}

/** Lower case without accents or punctuation, for matching names. */
function norm(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Finds a satellite, ground node or city by name (exactly, else the first
 * whose name starts with the text): a satellite is selected (its panel
 * opens), a place is marked; the globe turns to it.
 */
function search(text) {
  const sc = app.sc, out = $('search-result');
  const k = norm(text);
  if (!k) return;
  const found = (kind, name, lat, lon, detail) => {
    out.hidden = false;
    out.classList.remove('error');
    out.dataset.kind = kind;
    out.dataset.name = name;
    out.replaceChildren();
    const b = document.createElement('b');
    b.textContent = name;
    out.append(b, ` ${detail}`);
    if (lat !== null) app.globe.controls.lookAt(lat, lon);
    window.orbitnet.searchSeq++;
  };
  const satExact = app.satIndex.get(text.trim().toLowerCase());
  const sats = () => satExact !== undefined ? satExact : sc.satellites.names.findIndex((n) => norm(n) === k);
  const nodes = (exact) => sc.ground.findIndex((g) => exact ? norm(g.name) === k : norm(g.name).startsWith(k));
  const cities = (exact) => app.cities.findIndex((c) => exact ? norm(c[0]) === k : norm(c[0]).startsWith(k));
  let i = sats();
  if (i < 0) {
    for (const exact of [true, false]) {
      const g = nodes(exact);
      if (g >= 0) {
        const n = sc.ground[g];
        app.globe.markPlace(n.lat, n.lon);
        found(n.kind, n.name, n.lat, n.lon, `${n.kind} · ${n.lat.toFixed(3)}, ${n.lon.toFixed(3)}`);
        return;
      }
      const c = cities(exact);
      if (c >= 0) {
        const [name, lat, lon] = app.cities[c];
        app.globe.markPlace(lat, lon);
        found('city', name, lat, lon, `city · ${lat.toFixed(3)}, ${lon.toFixed(3)}`);
        return;
      }
    }
    i = sc.satellites.names.findIndex((n) => norm(n).startsWith(k));
  }
  if (i >= 0) {
    selectSat(i);
    const p = app.globe.satPos;
    const shell = sc.satellites.shell[i];
    let lat = null, lon = null;
    if (p[3 * i] || p[3 * i + 1] || p[3 * i + 2]) ({ lat, lon } = fromScene(p[3 * i], p[3 * i + 1], p[3 * i + 2]));
    found('satellite', sc.satellites.names[i], lat, lon, `satellite · shell ${shell >= 0 ? sc.shells[shell].name : 'none'}`);
    return;
  }
  out.hidden = false;
  out.classList.add('error');
  out.dataset.kind = '';
  out.dataset.name = '';
  out.textContent = `no city, ground node or satellite named "${text.trim()}"`;
}

function click(x, y) {
  const hit = app.globe.pick(x, y);
  if (app.picking && hit && hit.lat !== undefined) {
    $(app.picking).value = `${hit.lat.toFixed(3)},${hit.lon.toFixed(3)}`;
    $('pick-' + app.picking).click(); // disarm
    if ($('from').value && $('to').value) setPair($('from').value, $('to').value);
    return;
  }
  if (hit && hit.sat !== undefined) {
    selectSat(hit.sat);
  } else {
    selectSat(-1);
  }
}

// --- Playback ---------------------------------------------------------------

let lastNow = 0;

function tick(now) {
  const dt = lastNow ? Math.min(0.25, (now - lastNow) / 1000) : 0;
  lastNow = now;
  const D = app.sc.duration_s;
  if (app.playing) {
    app.t += dt * app.speed;
    if (app.t > D) app.t = D > 0 ? app.t % D : 0;
    app.globe.dirty = true;
  }
  window.orbitnet.t = app.t;
  showTime();
  updateJams();
  updateSatellites();
  updateRoute(now);
  updateCoverage(now);
  updateSatInfo(now);
  app.chart.setTime(app.t);
  if (app.globe.render(app.playing)) {
    app.frameTimes.push(now);
    while (app.frameTimes.length > 1 && now - app.frameTimes[0] > 2000) app.frameTimes.shift();
  }
  requestAnimationFrame(tick);
}

function showTime() {
  const s = $('time');
  if (document.activeElement !== s) s.value = app.t;
  const when = new Date(Date.parse(app.sc.start) + app.t * 1000);
  const u = when.toISOString().replace('T', ' ').replace(/(\.\d)\d*Z$/, '$1 UTC');
  if ($('utc').textContent !== u) {
    $('utc').textContent = u;
    $('clock-t').textContent = `t = ${app.t.toFixed(1)} s`;
  }
}

/** Draws the jammed areas in force at the current time. */
function updateJams() {
  const on = $('layer-jamming').checked;
  const active = on ? app.sc.failures.filter((f) => f.kind === 'jamming' && f.region && app.t >= f.from_s &&
    (f.until_s === null || app.t < f.until_s)) : [];
  const key = active.map((f) => f.name).join('\n');
  if (key === app.jamKey) return;
  app.jamKey = key;
  app.globe.setJams(active.map((f) => ({ name: f.name, rings: f.region.rings })));
}

/**
 * Keeps the coverage layer at the current time: at once when paused or
 * moved, every LAYER_REFRESH_MS while playing.
 */
function updateCoverage(now) {
  const c = app.coverage;
  if (!$('layer-coverage').checked || c.busy) return;
  const key = FrameStore.key(app.t);
  if (app.playing ? now - c.at < LAYER_REFRESH_MS && c.at !== 0 : key === c.key) return;
  c.busy = true;
  c.at = now;
  c.key = key;
  api.coverage(Number(key), COVERAGE_CELL_DEG)
    .then((cov) => {
      if (!$('layer-coverage').checked) return;
      c.shown = cov;
      app.globe.setCoverage(cov);
      coverageLegend(cov);
    })
    .catch((e) => status(e.message, true))
    .finally(() => { c.busy = false; });
}

function coverageLegend(cov) {
  const box = $('coverage-legend');
  box.hidden = false;
  box.replaceChildren();
  const bar = document.createElement('div');
  bar.className = 'ramp';
  const stops = [];
  for (let k = 1; k <= Math.max(1, cov.max); k += Math.max(1, Math.floor(cov.max / 8))) stops.push(coverageColor(k, cov.max));
  stops.push(coverageColor(cov.max, cov.max));
  bar.style.height = '10px';
  bar.style.borderRadius = '2px';
  bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  const none = document.createElement('span');
  none.className = 'swatch';
  none.style.background = NO_COVERAGE_COLOR;
  const text = document.createElement('div');
  text.id = 'coverage-text';
  const zero = cov.sats.filter((n) => n === 0).length;
  text.append(`satellites in view above ${cov.min_elevation_deg}° at t = ${fmtT(cov.t)} s: 1 … ${cov.max} ` +
    `(${cov.count} cells of about ${cov.cell_deg}°; `, none, `none: ${zero} cells` +
    (cov.jammed.length ? `; ${cov.jammed.length} in a jammed area)` : ')'));
  box.append(bar, text);
}

/**
 * Positions the satellites at app.t: while playing, between the two key
 * states around t (KEY_INTERVAL of wall time apart), fetching ahead; while
 * paused, the state at t itself.
 */
function updateSatellites() {
  const D = app.sc.duration_s;
  const store = app.frames;
  let a, b, u = 0;
  if (app.playing) {
    const step = Math.max(KEY_INTERVAL * app.speed, 0.05);
    const t0 = Math.min(D, Math.floor(app.t / step) * step);
    const t1 = Math.min(D, t0 + step);
    store.request(t0);
    store.request(t1);
    store.request(t1 + step <= D ? t1 + step : 0);
    a = store.get(t0);
    b = store.get(t1);
    if (a && b && t1 > t0) u = (app.t - t0) / (t1 - t0);
    else b = null;
  } else {
    store.request(app.t);
    a = store.get(app.t);
  }
  if (!a) return; // keep what is drawn until the state arrives
  // Nothing to do when the same states are drawn the same way.
  const drawKey = [FrameStore.key(a.t), b ? FrameStore.key(b.t) : '', u, $('show-isl').checked, $('show-gsl').checked,
    app.globe.viewVersion, app.selected, window.orbitnet.routeSeq, $('layer-footprints').checked,
    $('layer-failures').checked, $('layer-moving').checked, FrameStore.key(app.t)].join('|');
  if (drawKey === app.drawKey) return;
  app.drawKey = drawKey;
  const g = app.globe;
  if (b) interpolate(a, b, u, g.satPos);
  else g.satPos.set(a.pos);
  g.setSatPositions(g.satPos);
  const key = FrameStore.key(a.t);
  if (key !== app.shownKey) {
    app.shown = a;
    app.shownKey = key;
    updateSatPanel();
  }
  g.updateMoving(app.t, $('layer-moving').checked);
  g.setLinks(app.shown, $('show-isl').checked, $('show-gsl').checked);
  g.updateSelected();
  g.updateRoute();
  const failures = $('layer-failures').checked;
  g.setFailedSats(a, b, u, failures);
  g.setGroundFailures(app.shown, failures);
  if ($('layer-footprints').checked) {
    const fp = new Set();
    if (app.selected >= 0) fp.add(app.selected);
    if (g.route) for (const h of g.route.hops) if (h.sat >= 0) fp.add(h.sat);
    g.setFootprints([...fp], app.sc.gsl.min_elevation_deg);
  } else {
    g.setFootprints([], 0);
  }
  if (!window.orbitnet.ready) {
    g.render(true);
    window.orbitnet.ready = true;
    document.body.dataset.ready = '1';
    document.body.dataset.sats = String(app.sc.satellites.count);
    status('');
  }
}

// --- Selected satellite -----------------------------------------------------

function selectSat(i) {
  app.globe.select(i);
  app.selected = i;
  $('sat-panel').hidden = i < 0;
  app.satInfo.key = '';
  app.satInfo.at = 0;
  window.orbitnet.sat = null;
  $('sat-load').textContent = '…';
  $('sat-load-t').textContent = '';
  $('sat-served').textContent = '';
  $('sat-pairs').textContent = '';
  $('sat-down').hidden = true;
  updateSatPanel();
}

/**
 * Keeps the selected satellite's load (/api/satellite) at the current
 * time: at once when paused or moved, every LAYER_REFRESH_MS while playing.
 */
function updateSatInfo(now) {
  const c = app.satInfo, i = app.selected;
  if (i < 0 || c.busy) return;
  const key = i + '@' + FrameStore.key(app.t);
  if (app.playing ? now - c.at < LAYER_REFRESH_MS && c.at !== 0 : key === c.key) return;
  c.busy = true;
  c.at = now;
  c.key = key;
  api.satellite(i, Number(FrameStore.key(app.t)))
    .then((r) => {
      if (app.selected !== r.sat) return;
      showSatInfo(r);
    })
    .catch((e) => { $('sat-load').textContent = e.message; })
    .finally(() => { c.busy = false; });
}

function showSatInfo(r) {
  const l = r.load;
  const load = $('sat-load');
  load.textContent = `${l.ground_in_view} in view · ${l.ground_served} served · ${l.pairs} ${l.pairs === 1 ? 'pair' : 'pairs'}`;
  load.dataset.inView = l.ground_in_view;
  load.dataset.served = l.ground_served;
  load.dataset.pairs = l.pairs;
  load.dataset.t = fmtT(r.t);
  $('sat-load-t').textContent = `at ${fmtT(r.t)} s` + (l.pairs_routed < l.pairs_total ? ` (first ${l.pairs_routed} of ${l.pairs_total} pairs)` : '');
  $('sat-served').textContent = r.served.length ? r.served.map((g) => g.name).join(', ') : 'none';
  $('sat-pairs').textContent = r.pairs.length ? r.pairs.map((p) => `${p[0]}–${p[1]}`).join(', ') : 'none';
  $('sat-down').hidden = !r.down.length;
  $('sat-down').textContent = r.down.length ? `down: ${r.down.join(', ')}` : '';
  window.orbitnet.sat = r;
}

function updateSatPanel() {
  const i = app.selected;
  if (i === undefined || i < 0 || !app.shown) return;
  const sc = app.sc, f = app.shown;
  const shell = sc.satellites.shell[i];
  $('sat-name').textContent = sc.satellites.names[i];
  $('sat-shell').textContent = shell >= 0 ? sc.shells[shell].name : 'none';
  const [lat, lon, alt] = [f.geo[3 * i], f.geo[3 * i + 1], f.geo[3 * i + 2]];
  $('sat-alt').textContent = alt === null ? '—' : alt.toFixed(1);
  const down = f.down.indexOf(i);
  $('sat-pos').textContent = lat !== null ? `${lat.toFixed(3)}, ${lon.toFixed(3)} at t = ${fmtT(f.t)} s`
    : down >= 0 ? `down (what-if failure) at t = ${fmtT(f.t)} s` : 'no position (decayed?)';
  const isl = [];
  for (let k = 0; k < f.isl.length; k += 2) {
    if (f.isl[k] === i) isl.push(f.isl[k + 1]);
    else if (f.isl[k + 1] === i) isl.push(f.isl[k]);
  }
  const gsl = [];
  for (let k = 0; k < f.gsl.length; k += 2) if (f.gsl[k + 1] === i) gsl.push(f.gsl[k]);
  $('sat-isl').textContent = isl.length ? isl.map((j) => sc.satellites.names[j]).join(', ') : 'none';
  $('sat-gsl').textContent = gsl.length ? gsl.map((g) => sc.ground[g].name).join(', ') : 'none in view';
}

// --- Path and RTT chart -------------------------------------------------------

let seriesAbort = null;

function setPair(from, to) {
  if (seriesAbort) seriesAbort.abort();
  app.pair = from && to ? { from, to, centred: false } : null;
  app.routeAt = 0;
  window.orbitnet.route = null;
  $('route-error').hidden = true;
  if (!app.pair) {
    $('route-info').hidden = true;
    app.globe.setRoute(null);
    app.chart.setSeries(null);
    return;
  }
  // The chart: the whole scenario in at most CHART_POINTS steps that are
  // multiples of the scenario's step.
  const sc = app.sc;
  const k = Math.max(1, Math.ceil(sc.duration_s / sc.step_s / CHART_POINTS));
  seriesAbort = new AbortController();
  $('chart-note').textContent = 'computing the RTT series…';
  app.chart.setSeries(null);
  api.rtt(from, to, 0, sc.duration_s, k * sc.step_s, seriesAbort.signal)
    .then((s) => {
      app.chart.setSeries(s);
      const sum = s.summary;
      $('chart-note').textContent =
        `every ${fmtT(s.step_s)} s: ${s.events.filter((e) => e.kind === 'handover').length} handovers (orange), ` +
        `${s.events.filter((e) => e.kind === 'path_change').length} path changes (grey); ` +
        `min ${ms(sum.min_rtt_ms)}, median ${ms(sum.median_rtt_ms)}`;
    })
    .catch((e) => {
      if (e.name !== 'AbortError') $('chart-note').textContent = e.message;
    });
}

/** Formats a delay in ms, or a dash for null. */
function ms(v) {
  return v === null || v === undefined ? '—' : `${v.toFixed(3)} ms`;
}

/** Asks for the path at the current time: at once when paused, every ROUTE_REFRESH_MS while playing. */
function updateRoute(now) {
  if (!app.pair || app.routeBusy) return;
  const wanted = app.playing ? now - app.routeAt >= ROUTE_REFRESH_MS : app.routeT !== FrameStore.key(app.t);
  if (!wanted && app.routeAt !== 0) return;
  app.routeBusy = true;
  app.routeAt = now;
  const pair = app.pair;
  const t = Number(FrameStore.key(app.t));
  app.routeT = FrameStore.key(t);
  api.route(pair.from, pair.to, t)
    .then((r) => {
      if (app.pair !== pair) return;
      showRoute(r);
      if (!pair.centred) {
        pair.centred = true;
        centreOn(r.from, r.to);
      }
    })
    .catch((e) => {
      if (app.pair !== pair) return;
      $('route-error').textContent = e.message;
      $('route-error').hidden = false;
      $('route-info').hidden = true;
      app.globe.setRoute(null);
      app.pair = null;
    })
    .finally(() => { app.routeBusy = false; });
}

/** Turns the globe to look down on the middle of two places. */
function centreOn(a, b) {
  const v = [0, 0, 0];
  for (const p of [a, b]) {
    const la = p.lat * Math.PI / 180, lo = p.lon * Math.PI / 180;
    v[0] += Math.cos(la) * Math.cos(lo); v[1] += Math.cos(la) * Math.sin(lo); v[2] += Math.sin(la);
  }
  if (Math.hypot(...v) < 1e-6) return; // antipodes: no middle
  app.globe.controls.lookAt(Math.atan2(v[2], Math.hypot(v[0], v[1])) * 180 / Math.PI, Math.atan2(v[1], v[0]) * 180 / Math.PI);
}

function showRoute(r) {
  $('route-error').hidden = true;
  $('route-info').hidden = false;
  $('route-t').textContent = fmtT(r.t);
  $('route-geo').textContent = `${Math.round(r.geodesic_km)} km, ${r.geodesic_rtt_ms.toFixed(3)} ms at c`;
  const rtt = $('route-rtt');
  rtt.dataset.t = fmtT(r.t);
  if (!r.reachable) {
    rtt.textContent = 'unreachable';
    rtt.dataset.ms = '';
    $('route-oneway').textContent = '';
    $('route-count').textContent = 'no path';
  } else {
    rtt.textContent = `RTT ${r.rtt_ms.toFixed(3)} ms`;
    rtt.dataset.ms = String(r.rtt_ms);
    $('route-oneway').textContent = `(one way ${r.one_way_ms.toFixed(3)} ms)`;
    $('route-count').textContent = `${r.hop_count} hops`;
  }
  const list = $('route-hops');
  list.replaceChildren(...r.hops.map((h) => {
    const li = document.createElement('li');
    li.className = h.sat >= 0 ? 'sat' : 'ground';
    li.dataset.name = h.name;
    li.textContent = h.name;
    if (h.link) {
      const s = document.createElement('span');
      s.className = 'link';
      s.textContent = `  ${h.link} ${h.link_km.toFixed(0)} km ${h.link_ms.toFixed(3)} ms`;
      li.append(s);
    }
    return li;
  }));
  app.globe.setRoute(r);
  window.orbitnet.route = r;
  window.orbitnet.routeSeq++;
}

init().catch((e) => status(e.message, true));
