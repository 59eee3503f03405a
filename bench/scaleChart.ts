/**
 * Draws the scale ladder as an SVG line chart: wall time against processing hosts, one line per
 * VPS count, with the 2 s target and a caption stating the growth rates.
 */
interface Point {
  readonly processing: number;
  readonly vps: number;
  readonly ms: number;
}

export function scaleChart(points: readonly Point[], caption = ''): string {
  const width = 640;
  const height = 400;
  const left = 70;
  const bottom = 50;
  const top = 52;
  const right = 150;
  const hosts = [...new Set(points.map((p) => p.processing))].sort((a, b) => a - b);
  const counts = [...new Set(points.map((p) => p.vps))].sort((a, b) => a - b);
  const TARGET = 2000;
  const maxMs = Math.max(TARGET, ...points.map((p) => p.ms));
  const lx = (h: number) =>
    left +
    ((Math.log10(h) - Math.log10(hosts[0] ?? 1)) /
      (Math.log10(hosts.at(-1) ?? 10) - Math.log10(hosts[0] ?? 1))) *
      (width - left - right);
  const minMs = Math.max(0.1, Math.min(...points.map((p) => p.ms)));
  const ly = (ms: number) =>
    height -
    bottom -
    ((Math.log10(Math.max(ms, minMs)) - Math.log10(minMs)) /
      (Math.log10(maxMs) - Math.log10(minMs))) *
      (height - bottom - top);
  const colours = ['#2563eb', '#16a34a', '#d97706', '#dc2626'];
  const lines = counts.map((vps, i) => {
    const series = points.filter((p) => p.vps === vps).sort((a, b) => a.processing - b.processing);
    const d = series
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${lx(p.processing).toFixed(1)},${ly(p.ms).toFixed(1)}`)
      .join(' ');
    const last = series.at(-1);
    const dots = series
      .map(
        (p) =>
          `<circle cx="${lx(p.processing).toFixed(1)}" cy="${ly(p.ms).toFixed(1)}" r="3" fill="${colours[i % 4]}"><title>${p.processing} hosts, ${p.vps} VPSs: ${p.ms} ms</title></circle>`,
      )
      .join('');
    return `<path d="${d}" fill="none" stroke="${colours[i % 4]}" stroke-width="2"/>${dots}<text x="${last ? lx(last.processing) + 8 : 0}" y="${last ? ly(last.ms) + 4 : 0}" font-size="12" fill="${colours[i % 4]}">${vps.toLocaleString('en')} VPSs</text>`;
  });
  const xTicks = hosts.map(
    (h) =>
      `<text x="${lx(h).toFixed(1)}" y="${height - bottom + 18}" font-size="12" text-anchor="middle">${h}</text><line x1="${lx(h).toFixed(1)}" x2="${lx(h).toFixed(1)}" y1="${top}" y2="${height - bottom}" stroke="#e5e7eb"/>`,
  );
  const yValues = [1, 10, 100, 1000, 10000].filter((v) => v >= minMs / 2 && v <= maxMs * 2);
  const yTicks = yValues.map(
    (v) =>
      `<text x="${left - 8}" y="${ly(v) + 4}" font-size="12" text-anchor="end">${v} ms</text><line x1="${left}" x2="${width - right}" y1="${ly(v).toFixed(1)}" y2="${ly(v).toFixed(1)}" stroke="#e5e7eb"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="20" font-size="14" font-weight="bold">Simulated wall time, SERVERware Cluster, three hops (log–log)</text>
<text x="${left}" y="34" font-size="11" fill="#374151">${caption}</text>
<line x1="${left}" x2="${width - right}" y1="${ly(TARGET).toFixed(1)}" y2="${ly(TARGET).toFixed(1)}" stroke="#dc2626" stroke-dasharray="4 3"/><text x="${width - right + 8}" y="${ly(TARGET) + 4}" font-size="12" fill="#dc2626">target 2 s</text>
${xTicks.join('\n')}
${yTicks.join('\n')}
<text x="${(left + width - right) / 2}" y="${height - 12}" font-size="12" text-anchor="middle">processing hosts</text>
${lines.join('\n')}
</svg>
`;
}
