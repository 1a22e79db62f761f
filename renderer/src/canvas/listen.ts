// Native listeners on one element, removed together: the far view and the minimap
// handle pointers natively (React's delegated handlers run after d3-zoom's own).
type Handlers = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };

/** Adds every handler; returns the function that removes them all. */
export function listen(element: HTMLElement, handlers: Handlers, options?: AddEventListenerOptions): () => void {
  const entries = Object.entries(handlers) as [string, EventListener][];
  for (const [type, handler] of entries) element.addEventListener(type, handler, options);
  return () => {
    for (const [type, handler] of entries) element.removeEventListener(type, handler, options);
  };
}
