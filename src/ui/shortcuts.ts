/** Every keyboard shortcut, as the help overlay lists them. */
export const SHORTCUTS: readonly { readonly keys: string; readonly does: string }[] = [
  { keys: 'Space', does: 'play / pause' },
  { keys: '→', does: 'step forward one transition' },
  { keys: '←', does: 'step back one transition' },
  { keys: 'Shift + →', does: 'jump to the next failover, fault or violation' },
  { keys: 'Shift + ←', does: 'jump back to the previous failover, fault or violation' },
  { keys: 'Home', does: 'rewind to the start' },
  { keys: 'End', does: 'jump to the end' },
  { keys: '1 … 5', does: 'speed 1×, 10×, 60×, 100×, 1000×' },
  { keys: 'P', does: 'presenter mode (large type) on / off' },
  { keys: '+ / − / 0', does: 'in the focused statechart: zoom in, zoom out, fit the machine' },
  { keys: '← ↑ → ↓', does: 'in the focused statechart: pan (the playhead stays)' },
  { keys: '?', does: 'this help' },
  { keys: 'Esc', does: 'close this help; deselect the host' },
];
