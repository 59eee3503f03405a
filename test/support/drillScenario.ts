/**
 * An HA pair whose run stops at a decision in drill mode: the standby's install fails, and the
 * document says to roll it back (steps 5 and 7). Shared by the unit and browser suites.
 */
export const DRILL = [
  'name: Drill, a failed install on the standby',
  'system: ha-pair',
  'version: { from: 9.0.1, to: 9.1.0 }',
  'services: [vpn, web-portal]',
  'faults:',
  '  - { fault: upgrade-failure, target: standby, when: { step: install } }',
  '',
].join('\n');
