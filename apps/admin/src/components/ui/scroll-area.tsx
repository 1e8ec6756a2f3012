import type { ReactNode } from "react";

/**
 * Content wider (or taller) than the screen that scrolls inside its own box, so the page itself
 * never scrolls sideways on a phone (issue 10 §8). The box is a named, focusable region: a
 * keyboard user tabs to it and scrolls it with the arrow keys (axe: scrollable-region-focusable).
 * It is `relative`, so absolutely placed content inside (screen-reader-only text) is clipped
 * with the rest instead of widening the page.
 */
export function ScrollArea({
  label,
  className = "overflow-x-auto",
  children,
}: {
  /** What the region holds, for screen readers ("Customers of Champions"). */
  label: string;
  /** The overflow classes and any spacing; sideways scrolling by default. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
      tabIndex={0}
      className={`relative max-w-full rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${className}`}
    >
      {children}
    </section>
  );
}
