import { lazy, type ComponentType } from 'react';

// Components other engineers build. Globbed rather than imported so the app builds (and shows a
// placeholder) before they exist, and so each one is a separate chunk loaded on first use.
const modules = import.meta.glob([
  './statechart/StatechartView.tsx',
  './inspector/InspectorLog.tsx',
  './compare/CompareView.tsx',
]);

/**
 * A lazily loaded component from another folder of `src/ui`, or `undefined` when its file does
 * not exist yet.
 * @param path The file, relative to `src/ui`, as listed above.
 * @param name Its named export (a default export is accepted too).
 */
export function lazyExternal<P extends object>(
  path: string,
  name: string,
): ComponentType<P> | undefined {
  const load = modules[path];
  if (!load) return undefined;
  return lazy(async () => {
    const module = (await load()) as Record<string, unknown>;
    const component = module[name] ?? module.default;
    if (component === undefined || component === null)
      throw new Error(`${path} exports no ${name}`);
    return { default: component as ComponentType<P> };
  });
}
