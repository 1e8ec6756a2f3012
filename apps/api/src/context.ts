/**
 * What every resolver gets: the database, the caller, the current run and mapping (read once
 * per request), and DataLoaders built fresh for the request.
 */
import type { Database } from "./db/client";
import type { AnalyticsCache, SalesCube } from "./modules/analytics/analytics.repository";
import type { Principal, TokenVerifier } from "./modules/auth/token.service";
import { type CustomerLoaders, createCustomerLoaders } from "./modules/customer/customer.loader";
import type { ExportSigner } from "./modules/export/export.signing";
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
  /** The current run and published mapping, fetched at most once per request. */
  current(): Promise<CurrentView>;
  /** The sales figures, checked against the data at most once per request. */
  sales(): Promise<SalesCube>;
  readonly loaders: CustomerLoaders;
}

export function createContext(services: AppServices, principal: Principal): Context {
  let current: Promise<CurrentView> | null = null;
  let sales: Promise<SalesCube> | null = null;
  return {
    services,
    db: services.db,
    principal,
    current: () => {
      current ??= services.state.get();
      return current;
    },
    sales: () => {
      sales ??= services.analytics.sales();
      return sales;
    },
    loaders: createCustomerLoaders(services.db),
  };
}
