import { linkTooLong } from './persistence';

/** A notice for the user, as the player takes it (`notice.add`). */
interface NoticeEvent {
  readonly type: 'notice.add';
  readonly tone: 'info' | 'error';
  readonly text: string;
}

/** What a share button says of what it shares. */
interface ShareWords {
  /** How to send it when no browser would open the link: "Send the drill as a file instead: …". */
  readonly instead: string;
  /** Said once the link is on the clipboard. */
  readonly copied: string;
  /** Said when the clipboard refused: the link is only in the address bar. */
  readonly inAddressBar: string;
}

/**
 * Puts the share link `hash` in the address bar and on the clipboard, and says so; a link no
 * browser would open (see {@link linkTooLong}) is not given, and the user is told why and what to
 * send instead. The one way both share buttons (the header's and the drill bar's) share.
 */
export function shareLink(
  send: (event: NoticeEvent) => void,
  hash: string,
  words: ShareWords,
): void {
  const { origin, pathname, search } = window.location;
  const tooLong = linkTooLong(origin + pathname + search + hash);
  if (tooLong !== undefined) {
    send({
      type: 'notice.add',
      tone: 'error',
      text: `Not shared: ${tooLong}; nothing was copied. ${words.instead}`,
    });
    return;
  }
  // The history entry keeps its state: Back still undoes the last replacement.
  window.history.replaceState(window.history.state, '', hash);
  const url = window.location.href;
  const done = (copied: boolean) =>
    send({ type: 'notice.add', tone: 'info', text: copied ? words.copied : words.inAddressBar });
  if (navigator.clipboard)
    navigator.clipboard.writeText(url).then(
      () => done(true),
      () => done(false),
    );
  else done(false);
}
