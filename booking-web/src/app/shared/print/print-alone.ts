/** While printing, the element with this class is the only thing on paper (see styles.scss). */
export const PRINT_ALONE_CLASS = 'print-alone';

/**
 * Prints one card of a staff page on its own (a reception ticket, a feedback slip): the header,
 * the other panels and the card's own buttons (`.no-print`) are left off the paper. The mark
 * comes off again once the print dialog is closed, so a later Ctrl+P prints the whole page.
 */
export function printAlone(element: HTMLElement): void {
  const view = element.ownerDocument.defaultView;
  if (!view) return;
  element.classList.add(PRINT_ALONE_CLASS);
  view.addEventListener('afterprint', () => element.classList.remove(PRINT_ALONE_CLASS), {
    once: true,
  });
  view.print();
}
