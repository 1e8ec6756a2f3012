import type { Metadata } from "next";
import { SegmentsView } from "./_components/segments-view";

export const metadata: Metadata = { title: "Segments · RFM admin" };

export default function SegmentsPage() {
  return <SegmentsView />;
}
