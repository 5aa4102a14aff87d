// Mouse and touch controls that orbit the camera around the globe: drag to
// rotate (the camera moves on a sphere around the origin, north kept up),
// wheel or pinch to zoom. Small enough to read in one sitting, in place of
// three.js's OrbitControls addon.

const MIN_LAT = -89, MAX_LAT = 89; // degrees: the camera never flips over a pole

export class GlobeControls {
  /**
   * @param camera a THREE.PerspectiveCamera, looking at the origin
   * @param element the element receiving pointer events
   * @param onChange called after the camera moved
   */
  constructor(camera, element, onChange) {
    this.camera = camera;
    this.element = element;
    this.onChange = onChange;
    this.lat = 20; // camera latitude, degrees
    this.lon = 10; // camera longitude, degrees
    this.distance = 3.4; // from the centre, Earth radii
    this.minDistance = 1.15;
    this.maxDistance = 12;
    this.pointers = new Map(); // pointerId → {x, y}
    this.pinch = 0;

    element.addEventListener('pointerdown', (e) => this.down(e));
    element.addEventListener('pointermove', (e) => this.move(e));
    element.addEventListener('pointerup', (e) => this.up(e));
    element.addEventListener('pointercancel', (e) => this.up(e));
    element.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    this.update();
  }

  /** Places the camera from lat, lon and distance. */
  update() {
    const d = Math.PI / 180;
    const cl = Math.cos(this.lat * d);
    this.camera.position.set(
      this.distance * cl * Math.cos(this.lon * d),
      this.distance * Math.sin(this.lat * d),
      -this.distance * cl * Math.sin(this.lon * d),
    );
    this.camera.up.set(0, 1, 0);
    this.camera.lookAt(0, 0, 0);
    if (this.onChange) this.onChange();
  }

  /** Turns the camera to look down on lat, lon. */
  lookAt(lat, lon) {
    this.lat = Math.max(MIN_LAT, Math.min(MAX_LAT, lat));
    this.lon = lon;
    this.update();
  }

  down(e) {
    this.element.setPointerCapture(e.pointerId);
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.element.style.cursor = 'grabbing';
  }

  move(e) {
    const p = this.pointers.get(e.pointerId);
    if (!p) return;
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      p.x = e.clientX; p.y = e.clientY;
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      if (this.pinch > 0) this.zoom(this.pinch / dist);
      this.pinch = dist;
      return;
    }
    const dx = e.clientX - p.x, dy = e.clientY - p.y;
    p.x = e.clientX; p.y = e.clientY;
    // Degrees per pixel so that a drag across the globe turns it about once.
    const k = (0.25 * (this.distance - 1)) / Math.max(1, this.element.clientHeight / 600);
    this.lon -= dx * k;
    this.lat = Math.max(MIN_LAT, Math.min(MAX_LAT, this.lat + dy * k));
    this.update();
  }

  up(e) {
    this.pointers.delete(e.pointerId);
    this.pinch = 0;
    if (this.pointers.size === 0) this.element.style.cursor = '';
  }

  wheel(e) {
    e.preventDefault();
    this.zoom(Math.exp(e.deltaY * 0.001));
  }

  /** Multiplies the camera's height above the surface by f. */
  zoom(f) {
    const h = (this.distance - 1) * f;
    this.distance = Math.max(this.minDistance, Math.min(this.maxDistance, 1 + h));
    this.update();
  }
}
