"use client";

import { type RefObject, useEffect, useRef } from "react";

/**
 * Keyboard focus after an action (issue 10 §8): focus must never fall back to the page body.
 * It does when the focused control is removed (a confirmation closes, a card is deleted) or
 * disabled (a submit button while its request runs, Assign once the selection is cleared).
 */

/**
 * Whether the person has clicked, tapped or pressed a key on this page yet. Before that, focus
 * on the body is where a page starts, not focus lost: a message shown on load must not take it
 * (that would skip the skip link and the navigation).
 */
let interacted = false;
if (typeof document !== "undefined") {
  const mark = () => {
    interacted = true;
  };
  document.addEventListener("pointerdown", mark, { capture: true });
  document.addEventListener("keydown", mark, { capture: true });
}

/**
 * True when focus has nowhere meaningful to be after the person acted: the body, nothing, or a
 * removed or disabled control.
 */
export function focusIsLost(): boolean {
  if (!interacted) return false;
  const active = document.activeElement;
  if (!active || active === document.body || !active.isConnected) return true;
  return (active as HTMLButtonElement).disabled === true;
}

/**
 * A result or error message that takes focus when it appears, if focus was lost (a submit
 * button disabled while its request ran): the message is what the person needs next. Give the
 * element `tabIndex={-1}`. Focus a control the person is using is never taken.
 */
export function useFocusIfLost<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (focusIsLost()) ref.current?.focus();
  }, []);
  return ref;
}

/**
 * For a part opened by a button (an inline confirmation, an edit form): when it opens, focus
 * goes into it (`panel`): to its `[data-autofocus]` control (a confirmation's safe "Keep"), else
 * its first enabled control; when it closes, focus goes back to the button that opened it
 * (`opener`), if focus was lost with the closed part.
 */
export function useDisclosureFocus<Opener extends HTMLElement, Panel extends HTMLElement>(
  open: boolean,
): { opener: RefObject<Opener | null>; panel: RefObject<Panel | null> } {
  const opener = useRef<Opener>(null);
  const panel = useRef<Panel>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open && !wasOpen.current) {
      const within = panel.current;
      (
        within?.querySelector<HTMLElement>("[data-autofocus]") ??
        within?.querySelector<HTMLElement>(
          "input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])",
        )
      )?.focus();
    }
    if (!open && wasOpen.current && focusIsLost()) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return { opener, panel };
}

/**
 * When what had focus is gone for good (a deleted item, a discarded draft): the page's main
 * heading (PageHeader's h1, focusable by script), so reading continues from the top of the page.
 */
export function focusMainHeading(): void {
  document.querySelector<HTMLElement>("main h1")?.focus();
}
