import { type CodeMove, groupMoves } from "../../../../lib/mapping";

/** Code moves grouped by from/to segment: "Champions → Loyal Customer: 443, 434". */
export function MoveList({ moves, empty }: { moves: readonly CodeMove[]; empty: string }) {
  if (moves.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="space-y-0.5 text-sm" data-testid="code-moves">
      {groupMoves(moves).map((group) => (
        <li key={`${group.from}→${group.to}`}>
          <span className="font-medium">{group.from ?? "(unassigned)"}</span> →{" "}
          <span className="font-medium">{group.to ?? "(unassigned)"}</span>:{" "}
          <span className="font-mono text-xs">{group.codes.join(", ")}</span>
        </li>
      ))}
    </ul>
  );
}
