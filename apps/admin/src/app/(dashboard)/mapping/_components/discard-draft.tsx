"use client";

import { useState } from "react";
import { Button } from "../../../../components/ui/button";
import { focusMainHeading, useDisclosureFocus } from "../../../../components/ui/focus";
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

/**
 * Throws the shared draft away, after a second click to confirm. The confirmation takes focus
 * (on "Keep it"); keeping gives it back to the first button.
 */
export function DiscardDraftButton({ blockedReason }: { blockedReason: string | undefined }) {
  const [confirming, setConfirming] = useState(false);
  const [{ fetching, error }, discard] = usePayloadMutation(DiscardDraftMutation, (d) => d.discardDraft);
  const { opener, panel } = useDisclosureFocus<HTMLButtonElement, HTMLFieldSetElement>(confirming);
  if (!confirming) {
    return (
      <Button
        ref={opener}
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
    <fieldset ref={panel} className="flex flex-wrap items-center gap-2">
      <legend className="sr-only">Confirm discarding the draft</legend>
      <span className="text-sm">Discard every unpublished change, for everyone?</span>
      <Button
        variant="danger"
        disabled={fetching}
        onClick={async () => {
          // discardDraft returns no MappingVersion, so name what it changes for the document cache.
          const result = await discard({}, { additionalTypenames: ["MappingVersion", "MappingPreview"] });
          // Without a draft this button goes away: reading goes on from the page's heading.
          if (!result.error) {
            setConfirming(false);
            focusMainHeading();
          }
        }}
      >
        Discard
      </Button>
      <Button variant="secondary" onClick={() => setConfirming(false)} data-autofocus>
        Keep it
      </Button>
      {error && <ErrorState error={error} />}
    </fieldset>
  );
}
