interface Problem {
  code: string;
  message: string;
  codes: readonly string[];
  segments: readonly string[];
}

/** The draft's validation: problems block publishing, warnings do not; each names its codes. */
export function ValidationList({
  problems,
  warnings,
}: {
  problems: readonly Problem[];
  warnings: readonly Problem[];
}) {
  if (problems.length === 0 && warnings.length === 0) {
    return (
      <p className="text-sm text-green-800" data-testid="validation-ok">
        Valid: every code belongs to exactly one segment.
      </p>
    );
  }
  return (
    <section aria-labelledby="validation-heading" className="space-y-2" data-testid="validation">
      <h2 id="validation-heading" className="text-base font-semibold">
        Validation
      </h2>
      {problems.length > 0 && (
        <ul
          role="alert"
          className="space-y-1 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
        >
          {problems.map((p) => (
            <ProblemItem key={`${p.code}:${p.message}`} kind="Problem" problem={p} />
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {warnings.map((p) => (
            <ProblemItem key={`${p.code}:${p.message}`} kind="Warning" problem={p} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ProblemItem({ kind, problem }: { kind: string; problem: Problem }) {
  return (
    <li data-problem={problem.code}>
      <span className="font-semibold">{kind}:</span> {problem.message}
      {problem.codes.some((code) => !problem.message.includes(code)) && (
        <span className="ml-1">
          (codes{" "}
          {problem.codes.map((code) => (
            <code key={code} className="mx-0.5 rounded bg-white/70 px-1 font-mono text-xs">
              {code}
            </code>
          ))}
          )
        </span>
      )}
    </li>
  );
}
