import { lazy, type ComponentType } from 'react';

// The heavier views of the tabs (the statechart with its layout, the inspector, the comparison):
// each is a separate chunk, loaded on first use. Globbed, so a view that is missing from a build
// shows a placeholder instead of failing it.
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
