"use client";

import { useState } from "react";
import { Button } from "../../../../components/ui/button";
import { ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";

const DiscardDraftMutation = graphql(`
  mutation DiscardDraft {
    discardDraft {
      discarded
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/** Throws the shared draft away, after a second click to confirm. */
export function DiscardDraftButton({ blockedReason }: { blockedReason: string | undefined }) {
  const [confirming, setConfirming] = useState(false);
  const [{ fetching, error }, discard] = usePayloadMutation(DiscardDraftMutation, (d) => d.discardDraft);
  if (!confirming) {
    return (
      <Button
        variant="secondary"
        onClick={() => setConfirming(true)}
        disabled={blockedReason !== undefined}
        title={blockedReason}
        aria-describedby={blockedReason ? "mapping-read-only" : undefined}
      >
        Discard the draft…
      </Button>
    );
  }
  return (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="sr-only">Confirm discarding the draft</legend>
      <span className="text-sm">Discard every unpublished change, for everyone?</span>
      <Button
        variant="danger"
        disabled={fetching}
        onClick={async () => {
          // discardDraft returns no MappingVersion, so name what it changes for the document cache.
          const result = await discard({}, { additionalTypenames: ["MappingVersion", "MappingPreview"] });
          if (!result.error) setConfirming(false);
        }}
      >
        Discard
      </Button>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Keep it
      </Button>
      {error && <ErrorState error={error} />}
    </fieldset>
  );
}
