/**
 * What every resolver gets: the database, the caller, the current run and mapping (read once
 * per request), and DataLoaders built fresh for the request.
 */
import type { Database } from "./db/client";
import type { AnalyticsCache, SalesCube } from "./modules/analytics/analytics.repository";
import type { Principal, TokenVerifier } from "./modules/auth/token.service";
import { type CustomerLoaders, createCustomerLoaders } from "./modules/customer/customer.loader";
import type { ExportSigner } from "./modules/export/export.signing";
import { DEFAULT_PROFILE_ID, type Profile, resolveProfile } from "./modules/profile/profile.repository";
import type { ScoringJobs } from "./modules/scoring/scoring.jobs";
import type { CurrentState, CurrentView } from "./modules/segment/current";

/** Long-lived parts shared by every request of one server. */
export interface AppServices {
  readonly db: Database;
  readonly state: CurrentState;
  readonly tokens: TokenVerifier;
  readonly scoring: ScoringJobs;
  readonly signer: ExportSigner;
  /** Dashboard sales figures and run movements, cached (see analytics.repository). */
  readonly analytics: AnalyticsCache;
  /** The store's time zone (IANA name): runs started here and daily figures count its days. */
  readonly timeZone: string;
}

export interface Context {
  readonly services: AppServices;
  readonly db: Database;
  readonly principal: Principal;
  /**
   * A scoring profile's current run and published mapping, fetched at most once per request
   * and profile. `profile` is a profile key (the `profile` argument); omitted or null: the
   * default profile; unknown: NOT_FOUND naming it.
   */
  current(profile?: string | null): Promise<CurrentView>;
  /** The profile a `profile` argument names (omitted or null: the default), once per request. */
  profile(profile?: string | null): Promise<Profile>;
  /** The row id of the profile a `profile` argument names, without a lookup for the default. */
  profileId(profile?: string | null): Promise<number>;
  /**
   * The request's profile when an argument names none: the `X-Rfm-Profile` header (the admin
   * sends its profile switcher's choice there), or null for the default profile.
   */
  readonly requestProfile: string | null;
  /** The sales figures, checked against the data at most once per request. */
  sales(): Promise<SalesCube>;
  readonly loaders: CustomerLoaders;
}

export function createContext(
  services: AppServices,
  principal: Principal,
  requestProfile: string | null = null,
): Context {
  const current = new Map<string, Promise<CurrentView>>();
  const profiles = new Map<string, Promise<Profile>>();
  let sales: Promise<SalesCube> | null = null;
  const profile = (given?: string | null): Promise<Profile> => {
    const key = given ?? requestProfile;
    const name = key ?? "";
    let found = profiles.get(name);
    if (!found) {
      found = resolveProfile(services.db, key);
      profiles.set(name, found);
    }
    return found;
  };
  return {
    services,
    db: services.db,
    principal,
    profile,
    requestProfile,
    profileId: async (given?: string | null) =>
      (given ?? requestProfile) === null ? DEFAULT_PROFILE_ID : (await profile(given)).id,
    current: (given?: string | null) => {
      const key = given ?? requestProfile;
      const name = key ?? "";
      let view = current.get(name);
      if (!view) {
        // The default profile's id is fixed (DEFAULT_PROFILE_ID): no lookup on the common path.
        view =
          key === undefined || key === null
            ? services.state.get(DEFAULT_PROFILE_ID)
            : profile(key).then((p) => services.state.get(p.id));
        current.set(name, view);
      }
      return view;
    },
    sales: () => {
      sales ??= services.analytics.sales();
      return sales;
    },
    loaders: createCustomerLoaders(services.db),
  };
}
