"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { CustomerSearch } from "./customer-search";
import { ProfileSwitcher } from "./profile-switcher";
import { useSession } from "./session";

const NAV = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/mapping", label: "Mapping" },
  { href: "/segments", label: "Segments" },
  { href: "/audiences", label: "Audiences" },
  { href: "/scoring", label: "Scoring" },
  { href: "/webhooks", label: "Webhooks" },
] as const;

const ROLE_NAMES = { VIEWER: "Viewer (read-only)", EDITOR: "Editor", ADMIN: "Admin" } as const;

/**
 * The page frame: navigation, the scoring profile every page reads, a customer lookup, who is
 * signed in. Rendered inside `Session`
 * (the dashboard layout composes the two), so only once the sign-in is known.
 */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const pathname = usePathname();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/dashboard" className="text-lg font-semibold text-slate-900">
            RFM admin
          </Link>
          <nav aria-label="Main">
            <ul className="flex flex-wrap gap-1">
              {NAV.map((item) => {
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={`rounded px-3 py-1.5 text-sm font-medium ${active ? "bg-blue-100 text-blue-900" : "text-slate-700 hover:bg-slate-100"}`}
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
          <div className="ml-auto flex items-center gap-3 text-sm">
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
