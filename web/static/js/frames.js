// Satellite states fetched from /api/state, kept in a small cache and
// interpolated for smooth playback.
//
// Scene coordinates: the Earth is a sphere of radius 1 (EARTH_KM); y points
// to the north pole, x to latitude 0, longitude 0, and z to longitude −90°
// (ECEF x, y, z map to scene x, z, −y: a right-handed rotation).

import { api, fmtT } from './api.js';

/** Radius of the scene's Earth sphere in km (the mean radius, IUGG). */
export const EARTH_KM = 6371.0;

const DEG = Math.PI / 180;

/** Writes the scene position of lat, lon (degrees), alt (km) into out at offset o. */
export function toScene(lat, lon, altKm, out, o) {
  const r = 1 + altKm / EARTH_KM;
  const cl = Math.cos(lat * DEG);
  out[o] = r * cl * Math.cos(lon * DEG);
  out[o + 1] = r * Math.sin(lat * DEG);
  out[o + 2] = -r * cl * Math.sin(lon * DEG);
}

/** Latitude and longitude (degrees) of a scene point. */
export function fromScene(x, y, z) {
  const r = Math.sqrt(x * x + y * y + z * z);
  return { lat: Math.asin(y / r) / DEG, lon: Math.atan2(-z, x) / DEG };
}

/**
 * A decoded state: t (s), pos (scene xyz per satellite; the origin for a
 * satellite without a position, which hides it inside the Earth), geo (the
 * API's lat, lon, alt array), isl and gsl (flat index pairs).
 */
export class Frame {
  constructor(json) {
    this.t = json.t;
    this.time = json.time;
    this.n = json.n;
    this.geo = json.sats;
    this.isl = Int32Array.from(json.isl);
    this.gsl = Int32Array.from(json.gsl);
    this.pos = new Float32Array(3 * this.n);
    const s = json.sats;
    for (let i = 0; i < this.n; i++) {
      if (s[3 * i] !== null) toScene(s[3 * i], s[3 * i + 1], s[3 * i + 2], this.pos, 3 * i);
    }
    // What-if failures (only in scenarios that have them): the satellites
    // taken down, with where they would be, and the ground nodes down or
    // jammed.
    this.down = Int32Array.from(json.down || []);
    this.downPos = new Float32Array(3 * this.down.length);
    const d = json.down_sats || [];
    for (let k = 0; k < this.down.length; k++) {
      if (d[3 * k] !== null && d[3 * k] !== undefined) toScene(d[3 * k], d[3 * k + 1], d[3 * k + 2], this.downPos, 3 * k);
    }
    this.groundDown = json.ground_down || [];
    this.jammed = json.jammed || [];
  }
}

/**
 * Fetches states by time, at most `maxInFlight` requests at once, and keeps
 * the `capacity` most recently used.
 */
export class FrameStore {
  constructor({ capacity = 10, maxInFlight = 3 } = {}) {
    this.capacity = capacity;
    this.maxInFlight = maxInFlight;
    this.frames = new Map(); // key → Frame, in order of use
    this.pending = new Map(); // key → Promise
    this.onError = () => {};
  }

  static key(t) {
    return fmtT(t);
  }

  /** The frame at t if it has arrived. */
  get(t) {
    const k = FrameStore.key(t);
    const f = this.frames.get(k);
    if (f) {
      this.frames.delete(k);
      this.frames.set(k, f);
    }
    return f;
  }

  /** Asks for the frame at t unless it is cached, pending or the queue is full. */
  request(t) {
    const k = FrameStore.key(t);
    if (this.frames.has(k) || this.pending.has(k) || this.pending.size >= this.maxInFlight) return;
    const p = api.state(Number(k))
      .then((json) => {
        this.frames.set(k, new Frame(json));
        while (this.frames.size > this.capacity) {
          this.frames.delete(this.frames.keys().next().value);
        }
      })
      .catch((e) => this.onError(e))
      .finally(() => this.pending.delete(k));
    this.pending.set(k, p);
  }
}

/**
 * Interpolates satellite positions between frames a and b at fraction u into
 * out: linear in direction and in radius, so a satellite keeps its altitude
 * between frames far apart. A satellite missing from either frame takes the
 * other frame's position (or stays hidden).
 */
export function interpolate(a, b, u, out) {
  const pa = a.pos, pb = b.pos;
  for (let o = 0; o < pa.length; o += 3) {
    const ax = pa[o], ay = pa[o + 1], az = pa[o + 2];
    const bx = pb[o], by = pb[o + 1], bz = pb[o + 2];
    const ra = Math.sqrt(ax * ax + ay * ay + az * az), rb = Math.sqrt(bx * bx + by * by + bz * bz);
    if (ra === 0 || rb === 0) {
      const src = ra === 0 ? pb : pa;
      out[o] = src[o]; out[o + 1] = src[o + 1]; out[o + 2] = src[o + 2];
      continue;
    }
    const x = ax + (bx - ax) * u, y = ay + (by - ay) * u, z = az + (bz - az) * u;
    const s = (ra + (rb - ra) * u) / (Math.sqrt(x * x + y * y + z * z) || 1);
    out[o] = x * s; out[o + 1] = y * s; out[o + 2] = z * s;
  }
}
