import { useSyncExternalStore } from 'react';
import { screenScale, type ScreenScale } from '../state/screenScale';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** The window's size as one comparable value, so a render follows only a real change. */
function windowSize(): string {
  return `${window.innerWidth}x${window.innerHeight}`;
}

/** The app's zoom and shortness for the window's size, kept up to date as the window resizes. */
export function useScreenScale(presenter: boolean): ScreenScale {
  const size = useSyncExternalStore(subscribe, windowSize, () => '1280x800');
  const [width = 1280, height = 800] = size.split('x').map(Number);
  return screenScale(width, height, presenter);
}
