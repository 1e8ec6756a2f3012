import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "../../../components/ui/states";
import { AudienceView } from "./_components/audience-view";

export const metadata: Metadata = { title: "Audiences · RFM admin" };

export default function AudiencesPage() {
  // The chosen segment lives in the URL (?segment=), read with useSearchParams: Next needs a
  // Suspense boundary around it for the static shell.
  return (
    <Suspense fallback={<Loading />}>
      <AudienceView />
    </Suspense>
  );
}
