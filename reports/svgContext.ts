/**
 * A 2D drawing context that writes SVG. Chart.js draws on it as on a canvas (it uses only the
 * calls implemented here); every path, fill and stroke becomes an SVG element, text stays text,
 * set in the embedded typeface (declared once with @font-face), so the figure is a vector drawing
 * that reads the same in every viewer. Text is measured by @napi-rs/canvas with the same font, so
 * the layout is the PNG's and the PDF's.
 *
 * Arcs become cubic Bézier curves (quarter circles at most) and every point is transformed to page
 * coordinates when recorded; text keeps its own transform. Between `beginGroup` and `endGroup`
 * (one per series), elements of identical style merge into one path, so each series' line is a
 * single `<path>` and its markers another.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/** A hatch fill (diagonal lines on white), the one pattern the charts use. */
export interface HatchPattern {
  hatch: string;
  /** Tile size and stroke width, in canvas units. */
  size: number;
  lineWidth: number;
}

type Paint = string | HatchPattern;
type Matrix = [number, number, number, number, number, number];

interface State {
  fillStyle: Paint;
  strokeStyle: Paint;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  miterLimit: number;
  dash: number[];
  lineDashOffset: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  globalAlpha: number;
  matrix: Matrix;
  clip: string | undefined;
}

export interface SvgFontFace {
  family: string;
  weight: 'normal' | 'bold';
  ttf: Buffer;
}

interface Group {
  attributes: string;
  /** Merged path data per style, in order of first use. */
  paths: Map<string, string[]>;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Numbers with at most two decimals and no "-0", the same on every machine. */
function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A CSS colour as an SVG paint and opacity (rgba() is not SVG 1.1). */
function colour(css: string): { paint: string; opacity: number } {
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(css.trim());
  if (!m) return { paint: css, opacity: 1 };
  const hex = [m[1], m[2], m[3]].map((c) => Math.round(Number(c)).toString(16).padStart(2, '0')).join('');
  return { paint: `#${hex}`, opacity: m[4] === undefined ? 1 : Number(m[4]) };
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export class SvgContext {
  readonly canvas: { width: number; height: number };
  private state: State = {
    fillStyle: '#000000',
    strokeStyle: '#000000',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    miterLimit: 10,
    dash: [],
    lineDashOffset: 0,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    globalAlpha: 1,
    matrix: IDENTITY,
    clip: undefined,
  };
  private readonly stack: State[] = [];
  private path: string[] = [];
  private current: [number, number] | undefined;
  private start: [number, number] | undefined;
  private readonly body: string[] = [];
  private readonly defs: string[] = [];
  private readonly patterns = new Map<string, string>();
  private group: Group | undefined;
  private readonly measurer: SKRSContext2D;
  private readonly fontsUsed = new Set<string>();

  constructor(width: number, height: number) {
    this.canvas = { width, height };
    this.measurer = createCanvas(1, 1).getContext('2d');
  }

  // --- state (accessors defined below the class, one per field of State) --------------------
  declare fillStyle: Paint;
  declare strokeStyle: Paint;
  declare lineWidth: number;
  declare lineCap: string;
  declare lineJoin: string;
  declare miterLimit: number;
  declare lineDashOffset: number;
  declare font: string;
  declare textAlign: string;
  declare textBaseline: string;
  declare globalAlpha: number;
  /** Only the default (source-over) is drawn; Chart.js sets it without changing it. */
  globalCompositeOperation = 'source-over';

  setLineDash(dash: number[]): void { this.state.dash = [...dash]; }
  getLineDash(): number[] { return [...this.state.dash]; }

  save(): void {
    this.stack.push({ ...this.state, dash: [...this.state.dash] });
  }

  restore(): void {
    const s = this.stack.pop();
    if (s) this.state = s;
  }

  translate(x: number, y: number): void { this.state.matrix = multiply(this.state.matrix, [1, 0, 0, 1, x, y]); }
  rotate(a: number): void {
    const c = Math.cos(a);
    const s = Math.sin(a);
    this.state.matrix = multiply(this.state.matrix, [c, s, -s, c, 0, 0]);
  }
  scale(x: number, y: number): void { this.state.matrix = multiply(this.state.matrix, [x, 0, 0, y, 0, 0]); }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void { this.state.matrix = [a, b, c, d, e, f]; }
  resetTransform(): void { this.state.matrix = IDENTITY; }

  // --- paths -------------------------------------------------------------------------------
  private point(x: number, y: number): [number, number] {
    const m = this.state.matrix;
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }

  beginPath(): void {
    this.path = [];
    this.current = undefined;
    this.start = undefined;
  }

  moveTo(x: number, y: number): void {
    const p = this.point(x, y);
    this.path.push(`M${num(p[0])} ${num(p[1])}`);
    this.current = p;
    this.start = p;
  }

  lineTo(x: number, y: number): void {
    if (!this.current) return this.moveTo(x, y);
    const p = this.point(x, y);
    this.path.push(`L${num(p[0])} ${num(p[1])}`);
    this.current = p;
  }

  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void {
    if (!this.current) this.moveTo(x1, y1);
    const [a, b, c] = [this.point(x1, y1), this.point(x2, y2), this.point(x, y)];
    this.path.push(`C${num(a[0])} ${num(a[1])} ${num(b[0])} ${num(b[1])} ${num(c[0])} ${num(c[1])}`);
    this.current = c;
  }

  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    if (!this.current) this.moveTo(cx, cy);
    const m = this.state.matrix;
    // The current point back in user space (the matrix is invertible: translations and rotations).
    const det = m[0] * m[3] - m[1] * m[2];
    const [px, py] = this.current!;
    const ux = (m[3] * (px - m[4]) - m[2] * (py - m[5])) / det;
    const uy = (-m[1] * (px - m[4]) + m[0] * (py - m[5])) / det;
    this.bezierCurveTo(ux + (2 / 3) * (cx - ux), uy + (2 / 3) * (cy - uy), x + (2 / 3) * (cx - x), y + (2 / 3) * (cy - y), x, y);
  }

  closePath(): void {
    if (!this.current) return;
    this.path.push('Z');
    this.current = this.start;
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }

  arc(cx: number, cy: number, r: number, a0: number, a1: number, ccw = false): void {
    let sweep = a1 - a0;
    if (!ccw && sweep < 0) sweep = (sweep % (2 * Math.PI)) + 2 * Math.PI;
    if (ccw && sweep > 0) sweep = (sweep % (2 * Math.PI)) - 2 * Math.PI;
    if (Math.abs(sweep) > 2 * Math.PI) sweep = Math.sign(sweep) * 2 * Math.PI;
    const at = (a: number): [number, number] => [cx + r * Math.cos(a), cy + r * Math.sin(a)];
    const [sx, sy] = at(a0);
    if (this.current) this.lineTo(sx, sy);
    else this.moveTo(sx, sy);
    const steps = Math.max(1, Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9));
    const step = sweep / steps;
    // Control-point distance of a cubic Bézier approximating an arc of `step` radians.
    const k = (4 / 3) * Math.tan(step / 4) * r;
    for (let i = 0; i < steps; i++) {
      const s = a0 + i * step;
      const e = s + step;
      const [x0, y0] = at(s);
      const [x3, y3] = at(e);
      this.bezierCurveTo(x0 - k * Math.sin(s), y0 + k * Math.cos(s), x3 + k * Math.sin(e), y3 - k * Math.cos(e), x3, y3);
    }
  }

  // --- painting ----------------------------------------------------------------------------
  private paint(p: Paint, kind: 'fill' | 'stroke'): string {
    if (typeof p !== 'string') {
      const key = JSON.stringify(p);
      let id = this.patterns.get(key);
      if (!id) {
        id = `hatch${this.patterns.size}`;
        this.patterns.set(key, id);
        const n = num(p.size);
        this.defs.push(
          `<pattern id="${id}" width="${n}" height="${n}" patternUnits="userSpaceOnUse"><rect width="${n}" height="${n}" fill="#ffffff"/>` +
            `<path d="M${num(-p.size)} ${n}L0 0M0 ${n}L${n} 0M${n} ${n}L${num(2 * p.size)} 0" stroke="${escapeXml(p.hatch)}" stroke-width="${num(p.lineWidth)}"/></pattern>`,
        );
      }
      return `${kind}="url(#${id})"`;
    }
    const { paint, opacity } = colour(p);
    const alpha = opacity * this.state.globalAlpha;
    return `${kind}="${escapeXml(paint)}"${alpha < 1 ? ` ${kind}-opacity="${num(alpha)}"` : ''}`;
  }

  private clipAttribute(): string {
    return this.state.clip ? ` clip-path="url(#${this.state.clip})"` : '';
  }

  private emitPath(d: string, style: string): void {
    if (d === '') return;
    if (this.group) {
      const list = this.group.paths.get(style);
      if (list) list.push(d);
      else this.group.paths.set(style, [d]);
    } else {
      this.body.push(`<path d="${d}" ${style}/>`);
    }
  }

  private fillStyleAttributes(): string {
    return `${this.paint(this.state.fillStyle, 'fill')}${this.clipAttribute()}`;
  }

  private strokeStyleAttributes(): string {
    const s = this.state;
    const dash = s.dash.length > 0 ? ` stroke-dasharray="${s.dash.map(num).join(' ')}"${s.lineDashOffset ? ` stroke-dashoffset="${num(s.lineDashOffset)}"` : ''}` : '';
    const cap = s.lineCap !== 'butt' ? ` stroke-linecap="${s.lineCap}"` : '';
    const join = s.lineJoin !== 'miter' ? ` stroke-linejoin="${s.lineJoin}"` : '';
    return `fill="none" ${this.paint(s.strokeStyle, 'stroke')} stroke-width="${num(s.lineWidth)}"${dash}${cap}${join}${this.clipAttribute()}`;
  }

  fill(): void {
    this.emitPath(this.path.join(''), this.fillStyleAttributes());
  }

  stroke(): void {
    if (this.state.lineWidth <= 0) return;
    this.emitPath(this.path.join(''), this.strokeStyleAttributes());
  }

  /** Draws a rectangle without touching the current path. */
  private withRect(x: number, y: number, w: number, h: number, draw: () => void): void {
    const saved = { path: this.path, current: this.current, start: this.start };
    this.beginPath();
    this.rect(x, y, w, h);
    draw();
    Object.assign(this, saved);
  }

  fillRect(x: number, y: number, w: number, h: number): void { this.withRect(x, y, w, h, () => this.fill()); }
  strokeRect(x: number, y: number, w: number, h: number): void { this.withRect(x, y, w, h, () => this.stroke()); }
  /** The page starts white and nothing is drawn under the chart, so clearing draws nothing. */
  clearRect(): void {}

  clip(): void {
    const id = `clip${this.defs.length}`;
    const parent = this.state.clip ? ` clip-path="url(#${this.state.clip})"` : '';
    this.defs.push(`<clipPath id="${id}"${parent}><path d="${this.path.join('')}"/></clipPath>`);
    this.state.clip = id;
  }

  // --- text --------------------------------------------------------------------------------
  measureText(text: string): ReturnType<SKRSContext2D['measureText']> {
    this.measurer.font = this.state.font;
    this.measurer.textBaseline = this.state.textBaseline as SKRSContext2D['textBaseline'];
    return this.measurer.measureText(text);
  }

  fillText(text: string, x: number, y: number): void {
    // Chart.js writes "[style] [weight] SIZEpx FAMILY".
    const font = /^\s*(.*?)\s*([\d.]+)px\s+(.+)$/.exec(this.state.font);
    const words = (font?.[1] ?? '').split(/\s+/);
    const weight = words.some((w) => w === 'bold' || Number(w) >= 600) ? 'bold' : 'normal';
    const size = Number(font?.[2] ?? 10);
    const family = (font?.[3] ?? 'sans-serif').replace(/"/g, '');
    this.fontsUsed.add(`${family}|${weight}`);
    // Canvas places text by its baseline keyword; SVG by the alphabetic baseline.
    const dy = -this.measureText(text).alphabeticBaseline;
    const anchor = { center: 'middle', right: 'end', end: 'end' }[this.state.textAlign] ?? 'start';
    const m = this.state.matrix;
    const translateOnly = m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1;
    const [px, py] = translateOnly ? this.point(x, y + dy) : [x, y + dy];
    const transform = translateOnly ? '' : ` transform="matrix(${m.map(num).join(' ')})"`;
    const attributes = `x="${num(px)}" y="${num(py)}" font-family="${escapeXml(family)}" font-size="${num(size)}"${weight === 'bold' ? ' font-weight="bold"' : ''}${anchor === 'start' ? '' : ` text-anchor="${anchor}"`} ${this.paint(this.state.fillStyle, 'fill')}${transform}${this.clipAttribute()}`;
    this.body.push(`<text ${attributes} xml:space="preserve">${escapeXml(text)}</text>`);
  }

  // --- groups and output -------------------------------------------------------------------
  /** Starts a group (one series): until `endGroup`, paths of the same style merge into one. */
  beginGroup(attributes: Record<string, string>): void {
    this.endGroup();
    const attrs = Object.entries(attributes)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    this.group = { attributes: attrs, paths: new Map() };
  }

  private flushGroupInto(out: string[]): void {
    const g = this.group;
    if (!g || g.paths.size === 0) return;
    out.push(`<g${g.attributes}>`);
    for (const [style, ds] of g.paths) out.push(`<path d="${ds.join('')}" ${style}/>`);
    out.push('</g>');
    g.paths = new Map();
  }

  endGroup(): void {
    this.flushGroupInto(this.body);
    this.group = undefined;
  }

  /** Wraps what follows, until `endPanel`, in a `<g>` element (one chart of a sheet); series groups nest inside. */
  beginPanel(attributes: Record<string, string>): void {
    this.endGroup();
    this.body.push(`<g${Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')}>`);
  }

  endPanel(): void {
    this.endGroup();
    this.body.push('</g>');
  }

  /**
   * The SVG document, `widthIn` × `heightIn` inches, its coordinates the canvas units; `faces` are
   * embedded (only those the text used) as @font-face rules with the TrueType data inline.
   */
  toSvg(widthIn: number, heightIn: number, faces: readonly SvgFontFace[]): Buffer {
    this.endGroup();
    const used = faces.filter((f) => this.fontsUsed.has(`${f.family}|${f.weight}`));
    const css = used.map((f) => `@font-face{font-family:"${f.family}";font-weight:${f.weight};src:url(data:font/ttf;base64,${f.ttf.toString('base64')}) format("truetype")}`);
    const { width, height } = this.canvas;
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(widthIn)}in" height="${num(heightIn)}in" viewBox="0 0 ${width} ${height}">`,
      ...(css.length > 0 ? [`<style>${css.join('')}</style>`] : []),
      ...(this.defs.length > 0 || this.patterns.size > 0 ? [`<defs>${this.defs.join('')}</defs>`] : []),
      ...this.body,
      '</svg>',
      '',
    ];
    return Buffer.from(lines.join('\n'), 'utf8');
  }
}

/** The drawing state Chart.js reads and writes as plain properties: each is a field of the saved state. */
const STATE_PROPERTIES = ['fillStyle', 'strokeStyle', 'lineWidth', 'lineCap', 'lineJoin', 'miterLimit', 'lineDashOffset', 'font', 'textAlign', 'textBaseline', 'globalAlpha'] as const;
for (const key of STATE_PROPERTIES) {
  Object.defineProperty(SvgContext.prototype, key, {
    get(this: { state: State }) {
      return this.state[key];
    },
    set(this: { state: State }, value: never) {
      this.state[key] = value;
    },
  });
}
