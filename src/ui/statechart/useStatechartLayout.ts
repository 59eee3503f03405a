import { useEffect, useState } from 'react';
import type { AnyStateMachine } from 'xstate';
import type { StatechartLayout } from './fromElk';
import { cachedLayout, knownLayout, type ElkLayout } from './layoutStatechart';

/** Where a machine's layout is: being computed, ready, or failed with a reason. */
type LayoutStatus =
  | { readonly status: 'pending' }
  | { readonly status: 'done'; readonly layout: StatechartLayout }
  | { readonly status: 'failed'; readonly message: string };

interface Settled {
  readonly machine: AnyStateMachine;
  readonly elk: ElkLayout;
  readonly result: LayoutStatus;
}

/**
 * The layout of a machine, computed off the main thread and cached per machine: `pending` until
 * ELK answers (and again while another machine's is computed), then `done` or `failed`. A layout
 * computed before is drawn at once.
 */
export function useStatechartLayout(machine: AnyStateMachine, elk: ElkLayout): LayoutStatus {
  const known = knownLayout(machine, elk);
  const [settled, setSettled] = useState<Settled | undefined>(undefined);
  useEffect(() => {
    if (known) return undefined;
    let current = true;
    cachedLayout(machine, elk).then(
      (layout) => {
        if (current) setSettled({ machine, elk, result: { status: 'done', layout } });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (current) setSettled({ machine, elk, result: { status: 'failed', message } });
      },
    );
    return () => {
      current = false;
    };
  }, [machine, elk, known]);
  if (known) return { status: 'done', layout: known };
  return settled && settled.machine === machine && settled.elk === elk
    ? settled.result
    : { status: 'pending' };
}
