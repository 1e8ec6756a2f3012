/** The one list of resolvers: the schema is built from exactly these. */
import { AnalyticsResolver } from "./analytics/analytics.resolver";
import { AudienceResolver } from "./audience/audience.resolver";
import { AuditResolver } from "./audit/audit.resolver";
import { AuthResolver } from "./auth/auth.resolver";
import { NodeResolver } from "./common/node.resolver";
import { CustomerConnectionResolver, CustomerResolver } from "./customer/customer.resolver";
import { CustomerSearchResolver } from "./customer/customer-search.resolver";
import { ExportResolver } from "./export/export.resolver";
import { MappingResolver } from "./mapping/mapping.resolver";
import { CustomerMembershipResolver, MembershipResolver } from "./membership/membership.resolver";
import { ProfileResolver } from "./profile/profile.resolver";
import { ScheduleResolver } from "./schedule/schedule.resolver";
import { BackfillResolver } from "./scoring/backfill.resolver";
import { ScoringResolver } from "./scoring/scoring.resolver";
import { SegmentResolver } from "./segment/segment.resolver";
import { SegmentSizeHistoryResolver } from "./segment/size-history.resolver";
import { WebhookResolver } from "./webhook/webhook.resolver";

export const resolvers = [
  AuthResolver,
  NodeResolver,
  AnalyticsResolver,
  SegmentResolver,
  SegmentSizeHistoryResolver,
  CustomerResolver,
  CustomerConnectionResolver,
  CustomerSearchResolver,
  MappingResolver,
  ProfileResolver,
  ScoringResolver,
  BackfillResolver,
  ScheduleResolver,
  ExportResolver,
  AudienceResolver,
  AuditResolver,
  MembershipResolver,
  CustomerMembershipResolver,
  WebhookResolver,
] as const;
