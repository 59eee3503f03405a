import styles from './Icon.module.css';

const PATHS = {
  start: 'M3 2h2v12H3zM14 2v12L6 8z',
  previous: 'M2 2h2v12H2zM9 2v12L5 8zM15 2v12l-4-6z',
  back: 'M12 2v12L4 8z',
  play: 'M4 2v12l10-6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  forward: 'M4 2v12l8-6z',
  next: 'M12 2h2v12h-2zM1 2v12l4-6zM7 2v12l4-6z',
  end: 'M11 2h2v12h-2zM2 2v12l8-6z',
} as const;

/** A small transport icon drawn in SVG (no icon font to load). */
export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg
      className={styles.icon}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
