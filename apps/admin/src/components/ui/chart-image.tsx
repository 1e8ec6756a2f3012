"use client";

import type { ReactNode } from "react";
import { ResponsiveContainer } from "recharts";

/**
 * A recharts chart, full width, announced as one image described by `label`; the exact
 * figures go in a FiguresTable next to it.
 */
export function ChartImage({
  label,
  height,
  children,
}: {
  label: string;
  height: number;
  children: ReactNode;
}) {
  return (
    <div role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}
