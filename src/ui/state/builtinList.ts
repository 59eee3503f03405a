import { describeBuiltins, type BuiltinScenario } from './builtins';

/**
 * Every YAML file under the repository's `scenarios/` folder, bundled with the app and described
 * (name, system, topology, or why it does not parse) in the picker's order. The app's build
 * replaces this module with the list this function returns, computed once when the app is built
 * (`scripts/builtinScenarios.ts`): describing them here parses a hundred files before the first
 * scenario can start simulating.
 */
export function loadBuiltins(): BuiltinScenario[] {
  return describeBuiltins(
    import.meta.glob<string>('../../../scenarios/**/*.{yaml,yml}', {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  );
}
