"use client";

import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { DataTable } from "../../../../components/ui/data-table";
import { Field, Select, TextInput } from "../../../../components/ui/form";
import { ErrorState } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import type { ClvMethod, MonetaryBasis } from "../../../../graphql/generated/graphql";
import { CLV_METHOD_LABEL, MONETARY_BASIS_LABEL } from "../../../../lib/scoring-labels";
import { ProfilesQuery } from "../../_components/profile-switcher";
import { useProfile } from "../../_components/session";

const CreateProfileMutation = graphql(`
  mutation CreateProfile($input: CreateProfileInput!) {
    createProfile(input: $input) {
      profile {
        key
        name
        bins
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const BINS = [2, 3, 4, 5, 6, 7, 8, 9] as const;

/**
 * Scoring profiles: each scores with its own settings and has its own mapping and current
 * run. Editors and admins create them here; the switcher in the header picks the one every
 * page reads.
 */
export function ProfilesPanel({ canEdit }: { canEdit: boolean }) {
  const { setProfile } = useProfile();
  const [{ data }, reexecute] = useQuery({ query: ProfilesQuery });
  const [{ data: created, fetching, error }, create] = useMutation(CreateProfileMutation);
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [bins, setBins] = useState(4);
  const [windowDays, setWindowDays] = useState("");
  const [channels, setChannels] = useState("");
  const [monetaryBasis, setMonetaryBasis] = useState<MonetaryBasis>("TOTAL");
  const [clvMethod, setClvMethod] = useState<ClvMethod>("MODEL");
  const blocked = canEdit ? undefined : "Your token has the viewer role, which may not create profiles.";
  const windowValid = windowDays === "" || (/^\d+$/.test(windowDays) && Number(windowDays) > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = channels
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    const result = await create({
      input: {
        key: key.trim(),
        name: name.trim(),
        settings: {
          bins,
          windowDays: windowDays === "" ? null : Number(windowDays),
          channels: list.length === 0 ? null : list,
          monetaryBasis,
          clvMethod,
        },
      },
    });
    const profile = result.data?.createProfile.profile;
    if (profile) {
      setKey("");
      setName("");
      reexecute({ requestPolicy: "network-only" });
      // Work in the new profile at once: its mapping and first run are next.
      setProfile(profile.key);
    }
  };

  const profiles = data?.profiles ?? [];
  return (
    <Card
      title="Scoring profiles"
      description="Each profile scores with its own settings and has its own mapping and current run; the switcher in the header chooses the one every page shows."
    >
      {profiles.length > 0 && (
        <DataTable
          caption="Scoring profiles"
          testId="profiles"
          columns={[
            { header: "Profile" },
            { header: "Key" },
            { header: "Scores", align: "right" },
            { header: "Window", className: "pl-3" },
            { header: "Channels" },
            { header: "Monetary" },
            { header: "CLV" },
          ]}
        >
          {profiles.map((p) => (
            <tr key={p.key} className="border-b border-slate-100" data-profile={p.key}>
              <td className="py-1">
                {p.name}
                {p.isDefault && <span className="ml-1 rounded bg-slate-100 px-1 text-xs">default</span>}
              </td>
              <td className="font-mono text-xs">{p.key}</td>
              <td className="text-right">1–{p.bins}</td>
              <td className="pl-3">{p.windowDays === null ? "every order" : `last ${p.windowDays} days`}</td>
              <td>{p.channels === null ? "all" : p.channels.join(", ")}</td>
              <td>{MONETARY_BASIS_LABEL[p.monetaryBasis]}</td>
              <td>{CLV_METHOD_LABEL[p.clvMethod]}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <form onSubmit={submit} className="mt-4 flex flex-wrap items-end gap-4" aria-label="New profile">
        <Field label="Profile name" className="w-64">
          <TextInput
            name="profileName"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Online, last 12 months"
            disabled={blocked !== undefined}
            required
          />
        </Field>
        <Field label="Profile key" hint="Lower-case letters, digits, dashes." className="w-44">
          <TextInput
            name="profileKey"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            placeholder="online-12m"
            disabled={blocked !== undefined}
            required
          />
        </Field>
        <Field label="Scores per dimension" className="w-40">
          <Select
            name="profileBins"
            value={bins}
            onChange={(event) => setBins(Number(event.target.value))}
            disabled={blocked !== undefined}
          >
            {BINS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Profile window, days" hint="Empty: every order." className="w-44">
          <TextInput
            name="profileWindow"
            inputMode="numeric"
            value={windowDays}
            onChange={(event) => setWindowDays(event.target.value)}
            disabled={blocked !== undefined}
            aria-invalid={!windowValid}
          />
        </Field>
        <Field label="Channels" hint="Comma-separated; empty: all." className="w-44">
          <TextInput
            name="profileChannels"
            value={channels}
            onChange={(event) => setChannels(event.target.value)}
            placeholder="online"
            disabled={blocked !== undefined}
          />
        </Field>
        <Field label="Monetary" className="w-40">
          <Select
            name="profileMonetary"
            value={monetaryBasis}
            onChange={(event) => setMonetaryBasis(event.target.value as MonetaryBasis)}
            disabled={blocked !== undefined}
          >
            <option value="TOTAL">net spend</option>
            <option value="MEAN_ORDER">spend per order</option>
          </Select>
        </Field>
        <Field label="CLV" className="w-36">
          <Select
            name="profileClv"
            value={clvMethod}
            onChange={(event) => setClvMethod(event.target.value as ClvMethod)}
            disabled={blocked !== undefined}
          >
            <option value="MODEL">model</option>
            <option value="HISTORIC">historic</option>
            <option value="NONE">none</option>
          </Select>
        </Field>
        <Button type="submit" disabled={blocked !== undefined || fetching || !windowValid}>
          {fetching ? "Creating…" : "Create the profile"}
        </Button>
      </form>
      {blocked && <p className="mt-2 text-xs text-slate-600">{blocked}</p>}
      {error && (
        <div className="mt-2">
          <ErrorState error={error} />
        </div>
      )}
      {created && created.createProfile.userErrors.length > 0 && (
        <div className="mt-2">
          <UserErrors errors={created.createProfile.userErrors} />
        </div>
      )}
    </Card>
  );
}
