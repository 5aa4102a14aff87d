// RTT chart drawn by hand on a 2D canvas: the RTT series of /api/rtt over
// time (gaps where the pair is unreachable), marks at handovers (top) and
// path changes (bottom), and a cursor at the current time.

const COLORS = {
  bg: '#0a0f1a',
  grid: '#1c2638',
  axis: '#8794aa',
  line: '#9fd0ff',
  handover: '#ff9f43',
  pathChange: '#6c7a93',
  outage: '#ff7a7a',
  cursor: '#ffd24a',
};

/** Rounds a span to a "nice" tick step: 1, 2 or 5 × 10^k. */
function niceStep(span, ticks) {
  const raw = span / Math.max(1, ticks);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

export class RTTChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.series = null;
    this.t = 0;
    this.pad = { left: 40, right: 16, top: 10, bottom: 20 };
  }

  /** Sets the series (the /api/rtt answer) or null to clear. */
  setSeries(series) {
    this.series = series;
    this.range = null;
    if (series) {
      let lo = Infinity, hi = -Infinity;
      for (const v of series.rtt_ms) {
        if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
      if (lo <= hi) {
        const m = Math.max(1, (hi - lo) * 0.08);
        this.range = { lo: Math.max(0, lo - m), hi: hi + m };
      }
    }
    this.draw();
  }

  /** Moves the cursor to time t (seconds); redraws when it moved a pixel. */
  setTime(t) {
    if (!this.series) return;
    const x0 = this.x(this.t), x1 = this.x(t);
    this.t = t;
    if (Math.round(x0) !== Math.round(x1)) this.draw();
  }

  x(t) {
    const s = this.series, w = this.w - this.pad.left - this.pad.right;
    const span = s.end_s - s.start_s || 1;
    return this.pad.left + ((t - s.start_s) / span) * w;
  }

  y(v) {
    const h = this.h - this.pad.top - this.pad.bottom;
    return this.pad.top + (1 - (v - this.range.lo) / (this.range.hi - this.range.lo)) * h;
  }

  /** Sizes the backing store to the element's CSS size and pixel ratio. */
  resize() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.clientWidth || this.canvas.width, h = this.canvas.clientHeight || this.canvas.height;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    this.w = w; this.h = h;
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }

  draw() {
    const ctx = this.resize();
    const { w, h, pad } = this;
    ctx.fillStyle = COLORS.bg;
    ctx.fillRect(0, 0, w, h);
    const s = this.series;
    ctx.font = '10px system-ui, sans-serif';
    if (!s || !this.range) {
      ctx.fillStyle = COLORS.axis;
      ctx.fillText(s ? 'unreachable over the whole series' : '', pad.left, h / 2);
      return;
    }

    // Grid and axes.
    ctx.strokeStyle = COLORS.grid;
    ctx.fillStyle = COLORS.axis;
    ctx.lineWidth = 1;
    const { lo, hi } = this.range;
    const ys = niceStep(hi - lo, 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = Math.ceil(lo / ys) * ys; v <= hi; v += ys) {
      const y = Math.round(this.y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(pad.left, y); ctx.lineTo(w - pad.right, y); ctx.stroke();
      ctx.fillText(+v.toFixed(6) + '', pad.left - 4, y);
    }
    const xs = niceStep(s.end_s - s.start_s || 1, 5);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let t = Math.ceil(s.start_s / xs) * xs; t <= s.end_s; t += xs) {
      const x = Math.round(this.x(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, pad.top); ctx.lineTo(x, h - pad.bottom); ctx.stroke();
      ctx.fillText(+t.toFixed(6) + ' s', x, h - pad.bottom + 3);
    }
    ctx.save();
    ctx.translate(9, pad.top + (h - pad.top - pad.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText('RTT ms', 0, 0);
    ctx.restore();

    // Events: handovers at the top, path changes at the bottom.
    for (const e of s.events) {
      const x = Math.round(this.x(e.t)) + 0.5;
      if (e.kind === 'handover') {
        ctx.strokeStyle = COLORS.handover;
        ctx.beginPath(); ctx.moveTo(x, pad.top); ctx.lineTo(x, pad.top + 7); ctx.stroke();
      } else if (e.kind === 'path_change') {
        ctx.strokeStyle = COLORS.pathChange;
        ctx.beginPath(); ctx.moveTo(x, h - pad.bottom - 5); ctx.lineTo(x, h - pad.bottom); ctx.stroke();
      } else {
        ctx.strokeStyle = COLORS.outage;
        ctx.beginPath(); ctx.moveTo(x, pad.top); ctx.lineTo(x, h - pad.bottom); ctx.stroke();
      }
    }

    // The series, broken where unreachable.
    ctx.strokeStyle = COLORS.line;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < s.time_s.length; i++) {
      const v = s.rtt_ms[i];
      if (v === null) { pen = false; continue; }
      const x = this.x(s.time_s[i]), y = this.y(v);
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();

    // Cursor.
    const cx = Math.round(this.x(this.t)) + 0.5;
    ctx.strokeStyle = COLORS.cursor;
    ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(cx, pad.top); ctx.lineTo(cx, h - pad.bottom); ctx.stroke();
  }
}
