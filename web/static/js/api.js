// Client of orbitnet's JSON API (docs/api.md). Every function returns the
// decoded JSON or throws an Error carrying the server's message.

/** Formats seconds for a query: at most millisecond precision, no exponent. */
export function fmtT(t) {
  return (Math.round(t * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}

async function getJSON(path, params, signal) {
  const q = params ? '?' + new URLSearchParams(params).toString() : '';
  const resp = await fetch(path + q, { signal });
  let body;
  try {
    body = await resp.json();
  } catch (e) {
    throw new Error(`${path}: ${resp.status} ${resp.statusText}`);
  }
  if (!resp.ok) {
    throw new Error(body && body.error ? body.error : `${path}: ${resp.status}`);
  }
  return body;
}

export const api = {
  scenario: () => getJSON('api/scenario'),
  outlines: () => getJSON('api/outlines'),
  cities: () => getJSON('api/cities'),
  /** State at t seconds: {t, time, n, sats: [lat, lon, alt, ...], isl: [a, b, ...], gsl: [g, s, ...]}. */
  state: (t, signal) => getJSON('api/state', { t: fmtT(t) }, signal),
  route: (from, to, t, signal) => getJSON('api/route', { from, to, t: fmtT(t) }, signal),
  /** Coverage cells at t: {rows: [[lat0, lat1, n], ...], sats: [count per cell], max, jammed, ...}. */
  coverage: (t, cell, signal) => getJSON('api/coverage', { t: fmtT(t), cell: String(cell) }, signal),
  /** Satellite i at t: name, shell, links, ground nodes in view and served, pairs through it, load. */
  satellite: (i, t, signal) => getJSON('api/satellite', { sat: String(i), t: fmtT(t) }, signal),
  rtt: (from, to, start, end, step, signal) =>
    getJSON('api/rtt', { from, to, start: fmtT(start), end: fmtT(end), step: fmtT(step) }, signal),
};
