import type { ReactNode } from "react";
import { Session } from "./_components/session";

/** Every page behind sign-in: the session (token, client, role) and the page frame. */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return <Session>{children}</Session>;
}
