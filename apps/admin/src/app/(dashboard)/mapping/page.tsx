import type { Metadata } from "next";
import { MappingEditor } from "./_components/mapping-editor";

export const metadata: Metadata = { title: "Mapping editor · RFM admin" };

export default function MappingPage() {
  return <MappingEditor />;
}
