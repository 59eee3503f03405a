const TICKS = [
  60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
  43_200_000, 86_400_000, 172_800_000,
];

/**
 * The spacing of the timeline's ticks: at most ten ticks, and never closer than a label's `room`
 * in the axis's `width` (px). Pure.
 */
export function tickStep(duration: number, width = Infinity, room = 1): number {
  const most = Math.max(1, Math.min(10, Math.floor(width / room)));
  return TICKS.find((step) => duration / step <= most) ?? Math.ceil(duration / most);
}

/** What a workload group's lane is called: `on the Primary (6)`, `vps-1`, `on proc-2 (3)`. Pure. */
export function groupLabel(key: string, size: number): string {
  const count = size === 1 ? '' : ` (${size})`;
  if (key === 'primary') return `on the Primary${count}`;
  if (key.startsWith('service:')) return key.slice('service:'.length);
  return `on ${key}${count}`;
}
