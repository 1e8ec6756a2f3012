"use client";

import { useRouter } from "next/navigation";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { Provider, useQuery } from "urql";
import { Loading } from "../../../components/ui/states";
import { createClient } from "../../../graphql/client";
import { describeError, isUnauthenticated } from "../../../graphql/errors";
import { graphql } from "../../../graphql/generated";
import type { Role } from "../../../graphql/generated/graphql";
import { clearToken, readToken, signInUrl } from "../../../lib/auth";

const SessionQuery = graphql(`
  query Session {
    me {
      name
      role
    }
  }
`);

export interface SessionValue {
  name: string;
  role: Role;
  /** Editors and admins edit the mapping, publish and export. */
  canEdit: boolean;
  /** Editors and admins start scoring runs and backfills. */
  canScore: boolean;
  /** Only admins manage scoring schedules, webhooks and API tokens. */
  isAdmin: boolean;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in token's name and role; only inside the dashboard layout. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession is used outside the dashboard layout");
  return value;
}

/** Why an edit control is disabled for this role, or undefined when it is enabled. */
export function editBlockedReason(session: SessionValue, what = "edit"): string | undefined {
  return session.canEdit ? undefined : `Your token has the viewer role, which may not ${what}.`;
}

export interface ProfileValue {
  /** The scoring profile every page reads (its key); null: the default profile. */
  profile: string | null;
  /** Switch profile: every page reads the new one (a new GraphQL client, nothing cached). */
  setProfile(key: string | null): void;
}

const ProfileContext = createContext<ProfileValue | null>(null);

/** The profile switcher's choice; only inside the dashboard layout. */
export function useProfile(): ProfileValue {
  const value = useContext(ProfileContext);
  if (!value) throw new Error("useProfile is used outside the dashboard layout");
  return value;
}

const PROFILE_KEY = "rfm.profile";

/** `?profile=key` in the address (a shared link) wins over the choice remembered in this browser. */
function readProfile(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get("profile");
  if (fromUrl !== null) {
    storeProfile(fromUrl === "" ? null : fromUrl);
    return fromUrl === "" ? null : fromUrl;
  }
  try {
    return window.localStorage.getItem(PROFILE_KEY);
  } catch {
    return null;
  }
}

function storeProfile(key: string | null): void {
  try {
    if (key === null) window.localStorage.removeItem(PROFILE_KEY);
    else window.localStorage.setItem(PROFILE_KEY, key);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/**
 * Everything behind sign-in: reads the token from the browser, builds the GraphQL client with
 * it, asks the API who we are, and sends the user to sign-in when there is no token or the API
 * rejects it (wrong, revoked, expired). Its children render only once the API has said who we
 * are, so they may call `useSession`. Rendered only in the browser: the server sends a loading
 * shell, as it has no token.
 */
export function Session({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [token, setToken] = useState<string | null>(null);
  const [profile, setProfileState] = useState<string | null>(null);

  useEffect(() => {
    setProfileState(readProfile());
    const stored = readToken();
    if (stored) setToken(stored);
    else router.replace(signInUrl("signed-out", currentLocation()));
  }, [router]);

  const setProfile = useCallback((key: string | null) => {
    storeProfile(key);
    setProfileState(key);
  }, []);
  const profileValue = useMemo(() => ({ profile, setProfile }), [profile, setProfile]);

  const client = useMemo(
    () =>
      token
        ? createClient({
            token,
            profile,
            onUnauthenticated: () => {
              clearToken();
              window.location.assign(signInUrl("expired", currentLocation()));
            },
          })
        : null,
    [token, profile],
  );

  if (!client) {
    return (
      <main className="mx-auto max-w-6xl p-8">
        <Loading label="Checking your sign-in…" />
      </main>
    );
  }
  return (
    <ProfileContext value={profileValue}>
      <Provider value={client}>
        <WhoAmI>{children}</WhoAmI>
      </Provider>
    </ProfileContext>
  );
}

function WhoAmI({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [{ data, error }, reexecute] = useQuery({ query: SessionQuery });

  const signOut = useCallback(() => {
    clearToken();
    router.replace(signInUrl("signed-out"));
  }, [router]);

  const value = useMemo<SessionValue | null>(
    () =>
      data
        ? {
            name: data.me.name,
            role: data.me.role,
            canEdit: data.me.role === "EDITOR" || data.me.role === "ADMIN",
            canScore: data.me.role === "EDITOR" || data.me.role === "ADMIN",
            isAdmin: data.me.role === "ADMIN",
            signOut,
          }
        : null,
    [data, signOut],
  );

  // A profile switch makes a new client, which asks again who we are: keep showing the pages
  // meanwhile instead of the sign-in check.
  const last = useRef<SessionValue | null>(null);
  if (value) last.current = value;
  const shown = value ?? last.current;

  if (error && !isUnauthenticated(error)) {
    return (
      <main className="mx-auto max-w-3xl p-8">
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-medium">The admin cannot reach the API.</p>
          <p className="mt-1">{describeError(error)}</p>
          <button
            type="button"
            className="mt-3 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
            onClick={() => reexecute({ requestPolicy: "network-only" })}
          >
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!shown) {
    return (
      <main className="mx-auto max-w-6xl p-8">
        <Loading label="Checking your sign-in…" />
      </main>
    );
  }
  return <SessionContext value={shown}>{children}</SessionContext>;
}
