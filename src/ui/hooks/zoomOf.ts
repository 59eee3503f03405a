/**
 * The zoom in effect on `element` (CSS `zoom` on it and on its ancestors, such as the app's own
 * in presenter mode): what turns its CSS pixels into the screen's. `getBoundingClientRect` is in
 * the screen's; `clientHeight` and `offsetHeight` in the element's own: a measurement compares
 * the two only through this. 1 where the browser does not say (a test's DOM).
 */
export function zoomOf(element: Element): number {
  const zoom = (element as Element & { readonly currentCSSZoom?: number }).currentCSSZoom;
  return typeof zoom === 'number' && zoom > 0 ? zoom : 1;
}
