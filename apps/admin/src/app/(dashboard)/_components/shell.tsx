"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useRef, useState } from "react";
import { CustomerSearch } from "./customer-search";
import { ProfileSwitcher } from "./profile-switcher";
import { useSession } from "./session";

const NAV = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/mapping", label: "Mapping" },
  { href: "/segments", label: "Segments" },
  { href: "/movement", label: "Movement" },
  { href: "/audiences", label: "Audiences" },
  { href: "/import", label: "Import" },
  { href: "/scoring", label: "Scoring" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/tokens", label: "Team access" },
] as const;

const ROLE_NAMES = { VIEWER: "Viewer (read-only)", EDITOR: "Editor", ADMIN: "Admin" } as const;

/**
 * The page frame: navigation (behind a Menu button below the md breakpoint), the scoring
 * profile every page reads, a customer lookup, who is signed in. Rendered inside `Session`
 * (the dashboard layout composes the two), so only once the sign-in is known.
 */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const pathname = usePathname();
  // Below the md breakpoint the navigation folds behind a menu button (issue 10 §8: 390 px).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeMenu = (returnFocus: boolean) => {
    setMenuOpen(false);
    if (returnFocus) menuButton.current?.focus();
  };
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        {/* Escape closes the open menu from the button or any of its links. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: only listens for Escape bubbling up from the menu's controls */}
        <div
          className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3"
          onKeyDown={(event) => {
            if (event.key === "Escape" && menuOpen) closeMenu(true);
          }}
        >
          <Link href="/dashboard" className="text-lg font-semibold text-slate-900">
            RFM admin
          </Link>
          <button
            ref={menuButton}
            type="button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
            className="ml-auto min-h-9 rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 md:hidden"
          >
            Menu
          </button>
          <nav
            id="main-nav"
            aria-label="Main"
            className={`${menuOpen ? "block" : "hidden"} w-full md:block md:w-auto`}
          >
            <ul className="flex flex-col gap-1 md:flex-row md:flex-wrap">
              {NAV.map((item) => {
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      onClick={() => closeMenu(false)}
                      className={`block rounded px-3 py-2 text-sm font-medium md:py-1.5 ${active ? "bg-blue-100 text-blue-900" : "text-slate-700 hover:bg-slate-100"}`}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <ProfileSwitcher />
          <CustomerSearch />
          <div className="flex items-center gap-3 text-sm md:ml-auto">
            <span data-testid="session-user">
              <span className="font-medium">{session.name}</span>{" "}
              <span
                className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
                data-testid="session-role"
              >
                {ROLE_NAMES[session.role]}
              </span>
            </span>
            <button
              type="button"
              onClick={session.signOut}
              className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
