import type { Metadata } from "next";
import { ImportView } from "./_components/import-view";

export const metadata: Metadata = { title: "Import · RFM admin" };

export default function ImportPage() {
  return <ImportView />;
}
