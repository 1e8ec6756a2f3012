/** The one list of resolvers: the schema is built from exactly these. */
import { AnalyticsResolver } from "./analytics/analytics.resolver";
import { AuditResolver } from "./audit/audit.resolver";
import { AuthResolver } from "./auth/auth.resolver";
import { CustomerConnectionResolver, CustomerResolver } from "./customer/customer.resolver";
import { ExportResolver } from "./export/export.resolver";
import { MappingResolver } from "./mapping/mapping.resolver";
import { ProfileResolver } from "./profile/profile.resolver";
import { ScoringResolver } from "./scoring/scoring.resolver";
import { SegmentResolver } from "./segment/segment.resolver";

export const resolvers = [
  AuthResolver,
  AnalyticsResolver,
  SegmentResolver,
  CustomerResolver,
  CustomerConnectionResolver,
  MappingResolver,
  ProfileResolver,
  ScoringResolver,
  ExportResolver,
  AuditResolver,
] as const;
