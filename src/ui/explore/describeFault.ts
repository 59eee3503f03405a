import type { FaultSpec } from '../../sim';
import { clock, span, words } from '../format';

/**
 * A fault in words: `host crash on device-a during install of device-b (hop 1), for 30m`.
 * Pure.
 */
export function describeFault(fault: FaultSpec): string {
  const what = `${words(fault.fault)}${fault.target !== undefined ? ` on ${fault.target}` : ''}`;
  const when =
    'at' in fault.when
      ? ` at ${clock(fault.when.at)}`
      : ` during ${words(fault.when.step)}${fault.when.host !== undefined ? ` of ${fault.when.host}` : ''}${fault.when.hop !== undefined ? ` (hop ${fault.when.hop})` : ''}`;
  const extra = [
    fault.times > 1 ? `${fault.times} times in a row` : '',
    fault.duration !== undefined ? `for ${span(fault.duration)}` : '',
    fault.sessions !== undefined ? `${fault.sessions} sessions` : '',
    fault.check !== undefined ? `${fault.check} check` : '',
  ].filter((part) => part !== '');
  return `${what}${when}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`;
}
