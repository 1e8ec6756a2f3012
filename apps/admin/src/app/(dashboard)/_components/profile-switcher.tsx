"use client";

import { useEffect } from "react";
import { useQuery } from "urql";
import { graphql } from "../../../graphql/generated";
import { useProfile } from "./session";

export const ProfilesQuery = graphql(`
  query Profiles {
    profiles {
      key
      name
      isDefault
      bins
      windowDays
      channels
      monetaryBasis
      clvMethod
      currency
    }
  }
`);

/**
 * The scoring profile every page reads (dashboard, segments, mapping, audiences, scoring,
 * customers): the API takes it from the `X-Rfm-Profile` header the client sends. A profile
 * that no longer exists (deleted elsewhere, a stale link) falls back to the default.
 */
export function ProfileSwitcher() {
  const { profile, setProfile } = useProfile();
  const [{ data }] = useQuery({ query: ProfilesQuery });
  const profiles = data?.profiles ?? [];
  const known = profile === null || profiles.some((p) => p.key === profile);
  useEffect(() => {
    if (data && !known) setProfile(null);
  }, [data, known, setProfile]);
  if (profiles.length === 0) return null;
  const selected = profile ?? profiles.find((p) => p.isDefault)?.key ?? "";
  return (
    <div className="flex items-center gap-1 text-sm">
      <label htmlFor="profile-switcher" className="text-slate-600">
        Profile
      </label>
      <select
        id="profile-switcher"
        data-testid="profile-switcher"
        value={selected}
        onChange={(event) => {
          const chosen = profiles.find((p) => p.key === event.target.value);
          setProfile(!chosen || chosen.isDefault ? null : chosen.key);
        }}
        className="max-w-56 rounded border border-slate-300 px-2 py-1 text-sm"
      >
        {profiles.map((p) => (
          <option key={p.key} value={p.key}>
            {p.name} ({p.bins} bins)
          </option>
        ))}
      </select>
    </div>
  );
}
