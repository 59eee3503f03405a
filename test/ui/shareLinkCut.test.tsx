// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Notices } from '../../src/ui/panels/Notices';
import {
  encodeBase64Url,
  linkNotice,
  readShareHash,
  shareHash,
} from '../../src/ui/state/persistence';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe.each(MODES)('a share link cut short (%s)', (_mode, strict) => {
  it('should be refused with a notice that it is incomplete, nothing else opened', () => {
    // The stuck fixture with its faults: the link cut where `faults:` begins, at a whole group
    // of base64, decoded before to the scenario without its faults.
    const text = fixtureText('stuck.yaml');
    const head = text.slice(0, text.indexOf('faults:'));
    const body = `${head}${'#'.repeat((3 - ((new TextEncoder().encode(head).length + 1) % 3)) % 3)}\n`;
    const full = `${body}${text.slice(head.length)}`;
    const hash = shareHash(full);
    const cut = hash.slice(0, hash.indexOf(encodeBase64Url(body)) + encodeBase64Url(body).length);
    // What the app reads at start-up (src/ui/main.tsx).
    const shared = readShareHash(cut);
    const open =
      shared && 'text' in shared ? { text: shared.text, file: 'shared-link.yaml' } : undefined;
    const actor = startPlayer('ha-pair.yaml', {
      ...(open ? { open } : {}),
      notices: shared && 'error' in shared ? [linkNotice(shared.error)] : [],
    });
    renderWithPlayer(actor, <Notices />, strict);
    expect(actor.getSnapshot().context.source).toBe(fixtureText('ha-pair.yaml'));
    expect(screen.getByRole('alert').textContent).toMatch(
      /^The scenario in this link could not be read \(the link is incomplete: it was cut short when it was copied/,
    );
  });
});
