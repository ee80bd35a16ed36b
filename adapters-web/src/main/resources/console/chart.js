// Charts over uPlot (served from its webjar): a daily or monthly series as bars or a line, sized to its container and
// redrawn when the window changes size. Each chart is an image to assistive technology, labelled with what it
// shows; the numbers it draws are also on the page or in its table.
import uPlot from './vendor/uPlot.esm.js';
import {h, number, tenantContext} from './ui.js';

const COLOURS = ['#5b21b6', '#0f766e', '#b45309', '#be123c', '#1d4ed8', '#4d7c0f', '#a21caf', '#0e7490', '#57534e'];

/**
 * A chart of days: labels are ISO dates (2026-11-30), series [{name, values}] with one value per day.
 * kind 'bars' or 'line'; options.format writes the axis's values (number by default), options.height in px (220).
 * Returns the element to place; it draws itself once attached.
 */
export function dayChart(title, days, series, kind = 'bars', options = {}) {
  return timeChart(`${title}: ${series.map(s => s.name).join(', ')} per day, ${days.length} days`,
      days.map(day => Date.parse(`${day}T00:00:00Z`) / 1000), {month: 'short', day: 'numeric'}, series, kind,
      options.format ?? number, {height: options.height});
}

/**
 * A chart of calendar months: labels are YYYY-MM (2026-11), series [{name, values}] with one value per month, each
 * value drawn with format (number by default; money for amounts). kind 'bars' or 'line'.
 */
export function monthChart(title, months, series, kind = 'line', format = number) {
  return timeChart(`${title}: ${series.map(s => s.name).join(', ')} per month, ${months.length} months`,
      months.map(month => Date.parse(`${month}-01T00:00:00Z`) / 1000), {month: 'short', year: 'numeric'}, series, kind, format,
      // room on the right for the last month's label, and between labels as long as "Sept. 2026"
      {padding: [null, 36, null, null], xSpace: 90});
}

/** The shortest distance between two x values (seconds): a day, or the shortest month. */
function step(xs) {
  return xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) : 86400;
}

/**
 * Bars of several series side by side, each in its own slot of its day's (or month's) group, rather than drawn over one
 * another: the group takes 70 % of the distance between two days, at most 24 px a bar, with 1 px between bars.
 */
function groupedBars(xs, index, count) {
  const width = step(xs);
  // the width of a bar and of its group in x values (seconds), from the chart's current pixels per second
  const widths = u => {
    const perPixel = u.posToVal(1, 'x') - u.posToVal(0, 'x');
    const stepPixels = width / perPixel;
    const bar = Math.min(0.7 * stepPixels / count, 24);
    return {bar: Math.max(1, bar - 1) * perPixel, group: bar * count * perPixel, slot: bar * perPixel};
  };
  return uPlot.paths.bars({
    size: [1, Infinity],
    disp: {
      x0: {unit: 1, values: u => { const w = widths(u); return xs.map(x => x - w.group / 2 + index * w.slot); }},
      size: {unit: 1, values: u => { const w = widths(u); return xs.map(() => w.bar); }},
    },
  });
}

function timeChart(description, xs, tickFormat, series, kind, format = number, layout = {}) {
  const holder = h('div', {class: 'chart', role: 'img', 'aria-label': description});
  const data = [xs, ...series.map(s => s.values.map(v => (v === null || v === undefined ? null : Number(v))))];
  const paths = kind !== 'bars' ? () => undefined
      : series.length === 1 ? () => uPlot.paths.bars({size: [0.7, 40]})
      : index => groupedBars(xs, index, series.length);
  let plot = null;
  const width = () => Math.max(260, holder.clientWidth || holder.parentElement?.clientWidth || 600);
  const height = layout.height ?? 220;
  const draw = () => {
    if (plot || !holder.isConnected) return;
    plot = new uPlot({
      width: width(),
      height,
      legend: {show: series.length > 1},
      ...(layout.padding ? {padding: layout.padding} : {}),
      // bars keep half a step of room at each end, so the first and last day's bars are not cut in half
      scales: {x: kind === 'bars' ? {time: true, range: (u, min, max) => [min - step(xs) / 2, max + step(xs) / 2]} : {time: true}},
      axes: [
        {stroke: '#374151', grid: {stroke: '#e5e7eb'}, ...(layout.xSpace ? {space: layout.xSpace} : {}), values: (u, ticks) => ticks.map(t => new Intl.DateTimeFormat(tenantContext().locale,
            {...tickFormat, timeZone: 'UTC'}).format(new Date(t * 1000)))},
        {stroke: '#374151', grid: {stroke: '#e5e7eb'}, ...(format === number ? {} : {size: 90}), values: (u, ticks) => ticks.map(t => format(t))},
      ],
      series: [{}, ...series.map((s, i) => ({
        label: s.name,
        stroke: COLOURS[i % COLOURS.length],
        fill: kind === 'bars' ? COLOURS[i % COLOURS.length] + 'cc' : undefined,
        width: kind === 'bars' ? 0 : 2,
        paths: paths(i),
        points: {show: kind !== 'bars' && xs.length <= 31},
        value: (u, v) => format(v),
      }))],
    }, data, holder);
  };
  new ResizeObserver(() => {
    if (!holder.isConnected) return;
    if (!plot) draw();
    else plot.setSize({width: width(), height});
  }).observe(holder);
  requestAnimationFrame(draw);
  return holder;
}
