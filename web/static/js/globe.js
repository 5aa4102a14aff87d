// The 3D globe: a dark sphere with country borders, satellites as one
// THREE.Points (one draw call, colour per shell), laser and ground links as
// LineSegments, ground nodes, the selected path and satellite. Buffers are
// allocated once and updated in place every frame.

import * as THREE from '../vendor/three.module.min.js';
import { GlobeControls } from './controls.js';
import { toScene, fromScene, interpolate } from './frames.js';

/** Colours of shells 0, 1, …; satellites in no shell are grey. */
export const SHELL_COLORS = ['#4fc3f7', '#ff8a65', '#aed581', '#ba68c8', '#ffd54f', '#4db6ac', '#f06292', '#90a4ae',
  '#7986cb', '#e57373', '#81c784', '#ffb74d'];
export const UNPLACED_COLOR = '#8a8f99';
export const GROUND_COLORS = { station: '#f5f5f5', terminal: '#69f0ae', gateway: '#ffab40', pop: '#ea80fc' };

/** Satellites and ground nodes down by a what-if failure. */
export const FAILURE_COLOR = '#ff1744';
/** Jammed areas and jammed ground nodes. */
export const JAM_COLOR = '#ff9100';
/** Colour of a coverage cell where no satellite is in view. */
export const NO_COVERAGE_COLOR = 'rgba(255, 23, 68, 0.6)';
// Coverage ramp (viridis) from 1 satellite in view to the most.
const RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/** The fill of a coverage cell with n satellites in view, of at most max. */
export function coverageColor(n, max) {
  if (n <= 0) return NO_COVERAGE_COLOR;
  const v = max > 1 ? (n - 1) / (max - 1) : 1;
  const f = v * (RAMP.length - 1), k = Math.min(RAMP.length - 2, Math.floor(f)), u = f - k;
  const c = RAMP[k].map((a, j) => Math.round(a + (RAMP[k + 1][j] - a) * u));
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, 0.6)`;
}

const EARTH_R_KM = 6371.0;
const FOOTPRINT_SEGMENTS = 72;

const PICK_PX = 9; // how close, in CSS pixels, a click must be to a satellite

export class Globe {
  /**
   * @param container the element the canvas fills
   * @param antialias multisampling
   * @param scale the drawing buffer's pixels per CSS pixel (default: the
   *   device pixel ratio, at most 2)
   * @param texture the width of the Earth's texture in pixels (4096: with
   *   mipmaps; up to 1024: sampled linearly, cheaper to draw)
   * @param segments the Earth sphere's segments around and from pole to pole
   */
  constructor(container, { antialias = true, scale = 0, texture = 4096, segments = [96, 64] } = {}) {
    this.container = container;
    this.renderer = new THREE.WebGLRenderer({ antialias });
    this.renderer.setPixelRatio(scale > 0 ? scale : Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(0x05070d);
    container.appendChild(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.camera = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
    this.dirty = true;
    // viewVersion counts camera moves: links are culled for a view.
    this.viewVersion = 0;
    this.controls = new GlobeControls(this.camera, this.renderer.domElement, () => {
      this.dirty = true;
      this.viewVersion++;
    });

    // The Earth: a sphere whose texture, drawn on a 2D canvas, holds the
    // ocean, the graticule and the borders (drawing them as 3D lines would
    // cost a software renderer more than all the satellites).
    this.surface = new Surface(texture);
    this.earth = new THREE.Mesh(
      new THREE.SphereGeometry(1, segments[0], segments[1]),
      new THREE.MeshBasicMaterial({ map: this.surface.texture }),
    );
    this.scene.add(this.earth);

    this.nSat = 0;
    this.satPos = new Float32Array(0);
    this.ground = [];
    this.groundPos = new Float32Array(0);
    this.route = null;
    this.selected = -1;

    this.resize();
    window.addEventListener('resize', () => this.resize());
  }

  /** Country borders from /api/outlines: rings of [lon, lat, lon, lat, …]. */
  setOutlines(rings) {
    this.surface.draw(rings);
    this.dirty = true;
  }

  /** Creates the satellites' Points: shellOf[i] indexes SHELL_COLORS (−1: none). */
  setSatellites(shellOf) {
    const n = shellOf.length;
    this.nSat = n;
    this.satPos = new Float32Array(3 * n);
    const colors = new Float32Array(3 * n);
    const c = new THREE.Color();
    for (let i = 0; i < n; i++) {
      const s = shellOf[i];
      c.set(s >= 0 ? SHELL_COLORS[s % SHELL_COLORS.length] : UNPLACED_COLOR);
      colors.set([c.r, c.g, c.b], 3 * i);
    }
    const g = new THREE.BufferGeometry();
    this.drawPos = new Float32Array(3 * n);
    this.satAttr = new THREE.BufferAttribute(this.drawPos, 3).setUsage(THREE.DynamicDrawUsage);
    g.setAttribute('position', this.satAttr);
    g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
    // Positions change every frame: a fixed bounding sphere around every
    // orbit up to geostationary keeps three from recomputing it.
    g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
    const size = n > 5000 ? 2.2 : 2.8;
    this.sats = new THREE.Points(g, new THREE.PointsMaterial({ size, sizeAttenuation: false, vertexColors: true }));
    this.scene.add(this.sats);

    this.isl = this.lineSet(0x39c5ff, 0.22);
    this.gsl = this.lineSet(0x69f0ae, 0.55);
    this.footprints = this.lineSet(0xfff59d, 0.85);
    this.footprints.renderOrder = 1;
    this.footprintCount = 0;
    this.selMarker = this.marker(0xffffff, 9);
    // Satellites down by a what-if failure: drawn where they would be.
    const fg = new THREE.BufferGeometry();
    fg.setAttribute('position', new THREE.BufferAttribute(new Float32Array(0), 3));
    fg.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
    this.failedSats = new THREE.Points(fg, new THREE.PointsMaterial({ color: FAILURE_COLOR, size: 6, sizeAttenuation: false }));
    this.failedSats.renderOrder = 1;
    this.scene.add(this.failedSats);
    this.failedIdx = [];
    this.failedShown = []; // [{i, x, y, z}] of the failed satellites drawn
    this.dirty = true;
  }

  /** A LineSegments whose buffer grows on demand. */
  lineSet(color, opacity) {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(0), 3));
    g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
    const l = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color, transparent: true, opacity, depthWrite: false }));
    this.scene.add(l);
    return l;
  }

  /** A single Points marker. */
  marker(color, size) {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3), 3));
    g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
    const m = new THREE.Points(g, new THREE.PointsMaterial({ color, size, sizeAttenuation: false }));
    m.visible = false;
    this.scene.add(m);
    return m;
  }

  /**
   * Draws the satellites that failures take down in frame a (blended
   * toward frame b at fraction u when b lists the same ones), or hides
   * them.
   */
  setFailedSats(a, b, u, show) {
    const p = this.failedSats;
    const n = show && a ? a.down.length : 0;
    if (n === 0 && !p.visible && this.failedShown.length === 0) return; // nothing drawn, nothing to draw
    let attr = p.geometry.getAttribute('position');
    if (attr.array.length < 3 * n) {
      attr = new THREE.BufferAttribute(new Float32Array(3 * n), 3).setUsage(THREE.DynamicDrawUsage);
      p.geometry.setAttribute('position', attr);
    }
    const same = b && b.down.length === n && b.down.every((v, k) => v === a.down[k]);
    const tmp = new Float32Array(3);
    const c = this.camera.position;
    this.failedShown = [];
    let o = 0;
    for (let k = 0; k < n; k++) {
      const pa = a.downPos.subarray(3 * k, 3 * k + 3);
      if (pa[0] === 0 && pa[1] === 0 && pa[2] === 0) continue; // no position at all
      if (same) {
        interpolate({ pos: pa }, { pos: b.downPos.subarray(3 * k, 3 * k + 3) }, u, tmp);
      } else {
        tmp.set(pa);
      }
      if (behindEarth(c, tmp[0], tmp[1], tmp[2])) continue;
      attr.array.set(tmp, o);
      o += 3;
      this.failedShown.push({ i: a.down[k], x: tmp[0], y: tmp[1], z: tmp[2] });
    }
    attr.needsUpdate = true;
    p.geometry.setDrawRange(0, o / 3);
    p.visible = o > 0;
    this.dirty = true;
  }

  /**
   * Marks the ground nodes down (FAILURE_COLOR) and jammed (JAM_COLOR) in
   * frame f, or hides the marks.
   */
  setGroundFailures(f, show) {
    const key = show && f ? f.groundDown.join() + '|' + f.jammed.join() + '|' + this.groundVersion : '';
    if (key === this.groundFailKey) return;
    this.groundFailKey = key;
    if (!this.groundFail) {
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3 * this.ground.length), 3));
      g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(3 * this.ground.length), 3));
      g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
      this.groundFail = new THREE.Points(g, new THREE.PointsMaterial({ size: 7, sizeAttenuation: false, vertexColors: true }));
      this.groundFail.renderOrder = 1;
      this.scene.add(this.groundFail);
    }
    const pos = this.groundFail.geometry.getAttribute('position');
    const col = this.groundFail.geometry.getAttribute('color');
    const c = new THREE.Color();
    let k = 0;
    const add = (g, color) => {
      pos.array.set(this.groundPos.subarray(3 * g, 3 * g + 3), 3 * k);
      c.set(color);
      col.array.set([c.r, c.g, c.b], 3 * k);
      k++;
    };
    if (show && f) {
      for (const g of f.groundDown) add(g, FAILURE_COLOR);
      for (const g of f.jammed) if (!f.groundDown.includes(g)) add(g, JAM_COLOR);
    }
    pos.needsUpdate = col.needsUpdate = true;
    this.groundFail.geometry.setDrawRange(0, k);
    this.groundFail.visible = k > 0;
    this.groundFailCount = k;
    this.dirty = true;
  }

  /**
   * Draws the ground footprint of each listed satellite: the circle on the
   * Earth (a sphere here) from which it is seen at maskDeg of elevation or
   * more, of Earth central angle acos(R/(R+h)·cos ε) − ε.
   */
  setFootprints(sats, maskDeg) {
    const lines = this.footprints;
    if (sats.length === 0 && this.footprintCount === 0) return;
    const m = FOOTPRINT_SEGMENTS;
    let attr = lines.geometry.getAttribute('position');
    if (attr.array.length < 6 * m * sats.length) {
      attr = new THREE.BufferAttribute(new Float32Array(6 * m * Math.max(4, sats.length)), 3).setUsage(THREE.DynamicDrawUsage);
      lines.geometry.setAttribute('position', attr);
    }
    const a = attr.array;
    const eps = maskDeg * Math.PI / 180;
    let o = 0, count = 0;
    for (const i of sats) {
      const x = this.satPos[3 * i], y = this.satPos[3 * i + 1], z = this.satPos[3 * i + 2];
      const r = Math.sqrt(x * x + y * y + z * z);
      if (r <= 1) continue; // no position
      const lam = Math.acos(Math.min(1, Math.cos(eps) / r)) - eps;
      if (!(lam > 0)) continue;
      const ux = x / r, uy = y / r, uz = z / r;
      // e1, e2: unit vectors perpendicular to u.
      let e1x = -uz, e1y = 0, e1z = ux;
      if (Math.hypot(e1x, e1z) < 1e-6) { e1x = 1; e1y = 0; e1z = 0; }
      const n1 = Math.hypot(e1x, e1y, e1z);
      e1x /= n1; e1y /= n1; e1z /= n1;
      const e2x = uy * e1z - uz * e1y, e2y = uz * e1x - ux * e1z, e2z = ux * e1y - uy * e1x;
      const cl = Math.cos(lam) * 1.003, sl = Math.sin(lam) * 1.003;
      let px = 0, py = 0, pz = 0;
      for (let k = 0; k <= m; k++) {
        const th = (2 * Math.PI * k) / m, ct = Math.cos(th), st = Math.sin(th);
        const qx = cl * ux + sl * (ct * e1x + st * e2x);
        const qy = cl * uy + sl * (ct * e1y + st * e2y);
        const qz = cl * uz + sl * (ct * e1z + st * e2z);
        if (k > 0) {
          a[o] = px; a[o + 1] = py; a[o + 2] = pz; a[o + 3] = qx; a[o + 4] = qy; a[o + 5] = qz;
          o += 6;
        }
        px = qx; py = qy; pz = qz;
      }
      count++;
    }
    attr.needsUpdate = true;
    lines.geometry.setDrawRange(0, o / 3);
    lines.visible = count > 0;
    this.footprintCount = count;
    this.dirty = true;
  }

  /**
   * Moves the ground nodes that have a track (moving terminals) to where
   * they are at t (linearly between track points; the first or last point
   * outside the track's times), and shows their tracks or not. It reports
   * how many nodes have a track.
   */
  updateMoving(t, showTracks) {
    if (!this.moving) {
      this.moving = this.ground.map((n, g) => ({ g, track: n.moving && Array.isArray(n.track) && n.track.length ? n.track : null }))
        .filter((m) => m.track);
      if (this.moving.length) {
        let segs = 0;
        for (const m of this.moving) segs += m.track.length - 1;
        const arr = new Float32Array(6 * Math.max(1, segs));
        let o = 0;
        for (const m of this.moving) {
          for (let k = 1; k < m.track.length; k++) {
            toScene(m.track[k - 1][1], m.track[k - 1][2], m.track[k - 1][3] + 3, arr, o);
            toScene(m.track[k][1], m.track[k][2], m.track[k][3] + 3, arr, o + 3);
            o += 6;
          }
        }
        const g = new THREE.BufferGeometry();
        g.setAttribute('position', new THREE.BufferAttribute(arr, 3));
        g.setDrawRange(0, o / 3);
        g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
        this.tracks = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color: GROUND_COLORS.terminal, transparent: true, opacity: 0.7 }));
        this.scene.add(this.tracks);
      }
    }
    if (!this.moving.length) return 0;
    this.tracks.visible = showTracks;
    for (const m of this.moving) {
      const tr = m.track;
      let k = 0;
      while (k < tr.length - 1 && tr[k + 1][0] <= t) k++;
      let p = tr[k];
      if (k < tr.length - 1 && t > tr[k][0]) {
        const q = tr[k + 1], u = (t - p[0]) / (q[0] - p[0]);
        let dlon = q[2] - p[2];
        if (dlon > 180) dlon -= 360; else if (dlon < -180) dlon += 360;
        p = [t, p[1] + (q[1] - p[1]) * u, p[2] + dlon * u, p[3] + (q[3] - p[3]) * u];
      }
      m.at = p;
      toScene(p[1], p[2], p[3] + 3, this.groundPos, 3 * m.g);
    }
    this.groundPoints.geometry.getAttribute('position').needsUpdate = true;
    this.groundVersion = (this.groundVersion || 0) + 1;
    this.dirty = true;
    return this.moving.length;
  }

  /** Client coordinates of a point (degrees, km) and whether it faces the camera. */
  project(lat, lon, altKm) {
    const p = new Float32Array(3);
    toScene(lat, lon, altKm, p, 0);
    return this.projectScene(p[0], p[1], p[2]);
  }

  projectScene(x, y, z) {
    this.camera.updateMatrixWorld(); // the camera may have moved since the last render
    const rect = this.renderer.domElement.getBoundingClientRect();
    const v = new THREE.Vector3(x, y, z).project(this.camera);
    const front = v.z <= 1 && Math.abs(v.x) <= 1 && Math.abs(v.y) <= 1 && !behindEarth(this.camera.position, x * 1.001, y * 1.001, z * 1.001);
    return { x: rect.left + (v.x + 1) / 2 * rect.width, y: rect.top + (1 - v.y) / 2 * rect.height, front };
  }

  /** Coverage cells from /api/coverage drawn on the Earth, or null. */
  setCoverage(cov) {
    this.surface.coverage = cov;
    this.surface.draw();
    this.dirty = true;
  }

  /** Jammed areas: [{name, rings}] drawn on the Earth. */
  setJams(regions) {
    this.surface.jams = regions;
    this.surface.draw();
    this.dirty = true;
  }

  /** Ground nodes: [{name, kind, lat, lon, alt_km}]. */
  setGround(nodes) {
    this.ground = nodes;
    this.groundPos = new Float32Array(3 * nodes.length);
    const colors = new Float32Array(3 * nodes.length);
    const c = new THREE.Color();
    nodes.forEach((n, i) => {
      toScene(n.lat, n.lon, n.alt_km + 3, this.groundPos, 3 * i);
      c.set(GROUND_COLORS[n.kind] || '#ffffff');
      colors.set([c.r, c.g, c.b], 3 * i);
    });
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(this.groundPos, 3));
    g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
    this.groundPoints = new THREE.Points(g, new THREE.PointsMaterial({ size: 3.5, sizeAttenuation: false, vertexColors: true }));
    this.scene.add(this.groundPoints);
    this.dirty = true;
  }

  /**
   * Sets the satellite positions (scene xyz; the origin for a satellite
   * without one). The Points buffer gets them too, except that satellites
   * hidden behind the Earth, or without a position, are moved behind the
   * camera, where they are clipped before they cost any rasterising.
   */
  setSatPositions(pos) {
    if (pos !== this.satPos) this.satPos.set(pos);
    const d = this.drawPos, c = this.camera.position;
    const fx = 3 * c.x, fy = 3 * c.y, fz = 3 * c.z;
    for (let o = 0; o < pos.length; o += 3) {
      const x = pos[o], y = pos[o + 1], z = pos[o + 2];
      if ((x === 0 && y === 0 && z === 0) || behindEarth(c, x, y, z)) {
        d[o] = fx; d[o + 1] = fy; d[o + 2] = fz;
      } else {
        d[o] = x; d[o + 1] = y; d[o + 2] = z;
      }
    }
    this.satAttr.needsUpdate = true;
    this.dirty = true;
  }

  /**
   * Fills a line set from index pairs into the positions posA (first ends)
   * and posB (second ends), leaving out the links with both ends hidden
   * behind the Earth: they would not show, and lines are what a software
   * renderer draws slowest.
   */
  fillLines(lines, pairs, posA, posB) {
    const n = pairs.length / 2;
    let attr = lines.geometry.getAttribute('position');
    if (attr.array.length < 6 * n) {
      attr = new THREE.BufferAttribute(new Float32Array(6 * Math.ceil(n * 1.25)), 3).setUsage(THREE.DynamicDrawUsage);
      lines.geometry.setAttribute('position', attr);
    }
    const a = attr.array;
    const c = this.camera.position;
    let o = 0;
    for (let k = 0; k < pairs.length; k += 2) {
      const i = 3 * pairs[k], j = 3 * pairs[k + 1];
      const ax = posA[i], ay = posA[i + 1], az = posA[i + 2];
      const bx = posB[j], by = posB[j + 1], bz = posB[j + 2];
      if (behindEarth(c, ax, ay, az) && behindEarth(c, bx, by, bz)) continue;
      a[o] = ax; a[o + 1] = ay; a[o + 2] = az;
      a[o + 3] = bx; a[o + 4] = by; a[o + 5] = bz;
      o += 6;
    }
    attr.needsUpdate = true;
    lines.geometry.setDrawRange(0, o / 3);
  }

  /** Draws the links of frame f (or hides them). */
  setLinks(f, showISL, showGSL) {
    this.isl.visible = showISL && !!f;
    this.gsl.visible = showGSL && !!f;
    if (this.isl.visible) this.fillLines(this.isl, f.isl, this.satPos, this.satPos);
    if (this.gsl.visible) this.fillLines(this.gsl, f.gsl, this.groundPos, this.satPos);
    this.dirty = true;
  }

  setVisible(what, on) {
    if (what === 'outlines') {
      this.surface.showBorders = on;
      this.surface.draw();
    } else if (what === 'ground' && this.groundPoints) {
      this.groundPoints.visible = on;
    }
    this.dirty = true;
  }

  /** The path from /api/route (hops with sat index or lat, lon, alt_km), or null. */
  setRoute(route) {
    if (this.routeLine) {
      this.scene.remove(this.routeLine, this.routePoints);
      this.routeLine.geometry.dispose();
      this.routePoints.geometry.dispose();
      this.routeLine = this.routePoints = null;
    }
    this.route = route && route.reachable ? route : null;
    if (this.route) {
      const n = this.route.hops.length;
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3 * n), 3));
      g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 8);
      this.routeLine = new THREE.Line(g, new THREE.LineBasicMaterial({ color: 0xffd24a }));
      this.routePoints = new THREE.Points(g, new THREE.PointsMaterial({ color: 0xffd24a, size: 6, sizeAttenuation: false }));
      this.routeLine.renderOrder = this.routePoints.renderOrder = 2;
      this.scene.add(this.routeLine, this.routePoints);
      this.updateRoute();
    }
    this.dirty = true;
  }

  /** Moves the path's satellite hops with their satellites. */
  updateRoute() {
    if (!this.route) return;
    const attr = this.routeLine.geometry.getAttribute('position');
    const a = attr.array;
    this.route.hops.forEach((h, k) => {
      const i = 3 * h.sat;
      if (h.sat >= 0 && (this.satPos[i] || this.satPos[i + 1] || this.satPos[i + 2])) {
        a[3 * k] = this.satPos[i]; a[3 * k + 1] = this.satPos[i + 1]; a[3 * k + 2] = this.satPos[i + 2];
      } else {
        toScene(h.lat, h.lon, h.alt_km + 3, a, 3 * k);
      }
    });
    attr.needsUpdate = true;
    this.dirty = true;
  }

  /** Marks a place found by the search (degrees). */
  markPlace(lat, lon) {
    if (!this.placeMarker) this.placeMarker = this.marker(0xff80ab, 11);
    const a = this.placeMarker.geometry.getAttribute('position');
    toScene(lat, lon, 5, a.array, 0);
    a.needsUpdate = true;
    this.placeMarker.visible = true;
    this.dirty = true;
  }

  /** Highlights satellite i (−1: none). */
  select(i) {
    this.selected = i;
    this.updateSelected();
  }

  updateSelected() {
    const m = this.selMarker;
    if (!m) return;
    m.visible = this.selected >= 0;
    if (m.visible) {
      const a = m.geometry.getAttribute('position');
      a.array.set(this.satPos.subarray(3 * this.selected, 3 * this.selected + 3));
      a.needsUpdate = true;
    }
    this.dirty = true;
  }

  /**
   * What is under the pointer at client coordinates: {sat} for the nearest
   * satellite in front of the Earth within PICK_PX, else {lat, lon} on the
   * Earth, else null.
   */
  pick(clientX, clientY) {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const px = clientX - rect.left, py = clientY - rect.top;
    let best = -1, bestD2 = PICK_PX * PICK_PX;
    for (const { i, x, y } of this.onScreen()) {
      const d2 = (x - clientX) ** 2 + (y - clientY) ** 2;
      if (d2 < bestD2) { best = i; bestD2 = d2; }
    }
    for (const f of this.failedShown) {
      const p = this.projectScene(f.x, f.y, f.z);
      const d2 = (p.x - clientX) ** 2 + (p.y - clientY) ** 2;
      if (d2 < bestD2) { best = f.i; bestD2 = d2; }
    }
    if (best >= 0) return { sat: best };
    const ray = new THREE.Raycaster();
    ray.setFromCamera(new THREE.Vector2(px / rect.width * 2 - 1, 1 - py / rect.height * 2), this.camera);
    const hit = ray.intersectObject(this.earth)[0];
    if (hit) return fromScene(hit.point.x, hit.point.y, hit.point.z);
    return null;
  }

  /** The satellites in view and in front of the Earth, with their client coordinates. */
  *onScreen() {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const cam = this.camera.position;
    const v = new THREE.Vector3();
    for (let i = 0; i < this.nSat; i++) {
      const x = this.satPos[3 * i], y = this.satPos[3 * i + 1], z = this.satPos[3 * i + 2];
      if (x === 0 && y === 0 && z === 0) continue;
      v.set(x, y, z).project(this.camera);
      if (v.z > 1 || Math.abs(v.x) > 1 || Math.abs(v.y) > 1 || behindEarth(cam, x, y, z)) continue;
      yield { i, x: rect.left + (v.x + 1) / 2 * rect.width, y: rect.top + (1 - v.y) / 2 * rect.height };
    }
  }

  resize() {
    const w = this.container.clientWidth || window.innerWidth, h = this.container.clientHeight || window.innerHeight;
    this.renderer.setSize(w, h);
    this.camera.aspect = w / h;
    // Keep the globe clear of the side panel on wide screens.
    this.camera.setViewOffset(w, h, w > 900 ? -170 : 0, 0, w, h);
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }

  /** Renders if anything changed since the last render (or if forced). */
  render(force) {
    if (!this.dirty && !force) return false;
    this.renderer.render(this.scene, this.camera);
    this.dirty = false;
    return true;
  }
}

/**
 * The Earth's surface as an equirectangular texture: ocean, graticule every
 * 30° and country borders. Column 0 is longitude −180°, row 0 latitude
 * +90°, which is how THREE.SphereGeometry maps its texture coordinates onto
 * the scene axes of frames.js.
 */
class Surface {
  constructor(width) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = width / 2;
    this.texture = new THREE.CanvasTexture(this.canvas);
    this.texture.colorSpace = THREE.SRGBColorSpace;
    if (width <= 1024) {
      this.texture.generateMipmaps = false;
      this.texture.minFilter = THREE.LinearFilter;
    } else {
      this.texture.anisotropy = 4;
    }
    this.rings = [];
    this.showBorders = true;
    this.coverage = null; // the /api/coverage answer drawn, or null
    this.coverageDrawn = 0; // cells drawn
    this.jams = []; // [{name, rings}] drawn
    this.jamsDrawn = 0;
    this.draw();
  }

  /** Redraws the texture, with new rings if given. */
  draw(rings) {
    if (rings) this.rings = rings;
    const { width: w, height: h } = this.canvas;
    const ctx = this.canvas.getContext('2d');
    const x = (lon) => ((lon + 180) / 360) * w;
    const y = (lat) => ((90 - lat) / 180) * h;
    ctx.fillStyle = '#0d2a4a';
    ctx.fillRect(0, 0, w, h);
    const px = w / 4096; // line widths are for a 4096-pixel texture
    this.coverageDrawn = 0;
    const cov = this.coverage;
    if (cov) {
      // Cells of one row share a height and width; a hair of overlap
      // keeps the texture free of seams.
      let k = 0;
      for (const [lat0, lat1, n] of cov.rows) {
        const y0 = y(lat1), ch = y(lat0) - y0, cw = w / n;
        for (let j = 0; j < n; j++, k++) {
          ctx.fillStyle = coverageColor(cov.sats[k], cov.max);
          ctx.fillRect(j * cw, y0, cw + 0.5, ch + 0.5);
          this.coverageDrawn++;
        }
      }
    }
    ctx.strokeStyle = '#1d3f66';
    ctx.lineWidth = Math.max(1, 2 * px);
    ctx.beginPath();
    for (let lat = -60; lat <= 60; lat += 30) { ctx.moveTo(0, y(lat)); ctx.lineTo(w, y(lat)); }
    for (let lon = -180; lon <= 180; lon += 30) { ctx.moveTo(x(lon), 0); ctx.lineTo(x(lon), h); }
    ctx.stroke();
    if (this.showBorders) {
      ctx.strokeStyle = '#7f9cc4';
      ctx.lineWidth = Math.max(1, 2.5 * px);
      ctx.lineJoin = 'round';
      ctx.beginPath();
      // Rings crossing the antimeridian run past ±180°: draw each ring
      // shifted a turn either way too, and let the canvas clip.
      for (const shift of [-360, 0, 360]) {
        for (const r of this.rings) {
          ctx.moveTo(x(r[0] + shift), y(r[1]));
          for (let k = 2; k < r.length; k += 2) ctx.lineTo(x(r[k] + shift), y(r[k + 1]));
        }
      }
      ctx.stroke();
    }
    this.jamsDrawn = 0;
    if (this.jams.length) {
      ctx.fillStyle = 'rgba(255, 145, 0, 0.45)';
      ctx.strokeStyle = JAM_COLOR;
      ctx.lineWidth = Math.max(1.5, 5 * px);
      for (const reg of this.jams) {
        ctx.beginPath();
        for (const shift of [-360, 0, 360]) {
          for (const r of reg.rings) {
            ctx.moveTo(x(r[0] + shift), y(r[1]));
            for (let k = 2; k < r.length; k += 2) ctx.lineTo(x(r[k] + shift), y(r[k + 1]));
            ctx.closePath();
          }
        }
        ctx.fill('evenodd');
        ctx.stroke();
        this.jamsDrawn++;
      }
    }
    this.texture.needsUpdate = true;
  }
}

/** Whether the segment from the camera to (x, y, z) passes through the unit sphere. */
function behindEarth(c, x, y, z) {
  const dx = x - c.x, dy = y - c.y, dz = z - c.z;
  const a = dx * dx + dy * dy + dz * dz;
  const b = 2 * (c.x * dx + c.y * dy + c.z * dz);
  const cc = c.x * c.x + c.y * c.y + c.z * c.z - 1;
  const disc = b * b - 4 * a * cc;
  if (disc <= 0) return false;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t > 0 && t < 1;
}
