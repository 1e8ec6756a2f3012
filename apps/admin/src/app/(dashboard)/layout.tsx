import type { ReactNode } from "react";
import { Session } from "./_components/session";
import { Shell } from "./_components/shell";

/**
 * Every page behind sign-in: the session (token, client, role) and, inside it, the page frame.
 * Composed here rather than by `Session`, so the frame depends on the session and not the
 * other way round (the two used to import each other).
 */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <Session>
      <Shell>{children}</Shell>
    </Session>
  );
}
