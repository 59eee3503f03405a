/** What changed: an element watched was resized, or the content under the root changed. */
export type BoxChange = 'resize' | 'content';

/**
 * Calls `changed` when an element `watched()` lists is resized, or the content under `root`
 * changes (rows added or removed, another step's text): what a box that measures itself follows.
 * The list is read again after each change of content, so elements added are watched too. An
 * observer the environment lacks (jsdom) is left out.
 * @returns what stops watching
 */
export function watchBox(
  root: HTMLElement,
  watched: () => Iterable<Element>,
  changed: (what: BoxChange) => void,
): () => void {
  const resizes =
    typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => changed('resize'));
  const watch = () => {
    for (const element of watched()) resizes?.observe(element);
  };
  watch();
  const mutations =
    typeof MutationObserver === 'undefined'
      ? undefined
      : new MutationObserver(() => {
          watch();
          changed('content');
        });
  mutations?.observe(root, { childList: true, subtree: true, characterData: true });
  return () => {
    resizes?.disconnect();
    mutations?.disconnect();
  };
}
