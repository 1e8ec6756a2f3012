import type { Metadata } from "next";
import { CustomerView } from "./_components/customer-view";

export const metadata: Metadata = { title: "Customer · RFM admin" };

/** Customer 360: `/customers/<the store's customer id>`. */
export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CustomerView id={safeDecode(id)} />;
}

/** Route params arrive percent-encoded; an id that is not valid encoding is used as it is. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
