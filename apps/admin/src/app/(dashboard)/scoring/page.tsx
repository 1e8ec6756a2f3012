import type { Metadata } from "next";
import { ScheduleCard } from "./_components/schedule-card";
import { ScoringView } from "./_components/scoring-view";

export const metadata: Metadata = { title: "Scoring · RFM admin" };

export default function ScoringPage() {
  return (
    <>
      <ScoringView />
      <ScheduleCard />
    </>
  );
}
