// Where the keyboard goes back to when a terminal lets go of it (Escape): the canvas, so
// its shortcuts (Delete, Ctrl+Z…) work again. The canvas wrapper is focusable (tabIndex -1).

export function focusCanvas(): void {
  const canvas = document.querySelector<HTMLElement>('.canvas');
  if (canvas) canvas.focus({ preventScroll: true });
  else (document.activeElement as HTMLElement | null)?.blur();
}
