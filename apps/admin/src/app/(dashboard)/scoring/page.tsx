import type { Metadata } from "next";
import { ScoringView } from "./_components/scoring-view";

export const metadata: Metadata = { title: "Scoring · RFM admin" };

export default function ScoringPage() {
  return <ScoringView />;
}
