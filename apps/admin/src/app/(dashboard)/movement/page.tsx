import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "../../../components/ui/states";
import { MovementView } from "./_components/movement-view";

export const metadata: Metadata = { title: "Movement · RFM admin" };

export default function MovementPage() {
  // The two runs live in the URL (?from=&to=), read with useSearchParams: Next needs a Suspense
  // boundary around it for the static shell.
  return (
    <Suspense fallback={<Loading />}>
      <MovementView />
    </Suspense>
  );
}
