import { registerEnumType } from "type-graphql";

export enum RoleEnum {
  VIEWER = "VIEWER",
  EDITOR = "EDITOR",
  ADMIN = "ADMIN",
}

registerEnumType(RoleEnum, {
  name: "Role",
  description:
    'The role of an API token: what the holder may do (docs/api.md, "Roles", lists every mutation\'s).',
  valuesConfig: {
    VIEWER: { description: "Read every query but the admin-only ones (tokens, webhooks); change nothing." },
    EDITOR: {
      description:
        "Read; edit the mapping draft, publish, manage profiles, start scoring runs and backfills, export audiences.",
    },
    ADMIN: { description: "Everything: also imports, scoring schedules, webhooks and API tokens." },
  },
});
