import { DEFAULT_MAPPING } from "@rfm/core";

// Placeholder home until the dashboard lands (issue: the admin). It already reads the domain
// package, so the build proves the workspace wiring works end to end.
export default function Home() {
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">RFM segments</h1>
      <p className="mt-2 text-slate-600">The default mapping groups the 64 RFM codes into these segments.</p>
      <ul className="mt-6 space-y-3">
        {DEFAULT_MAPPING.segments.map((segment) => (
          <li key={segment.name} className="rounded border border-slate-200 bg-white p-4">
            <span
              className="inline-block h-3 w-3 rounded-full align-middle"
              style={{ backgroundColor: segment.color }}
            />
            <span className="ml-2 font-medium">{segment.name}</span>
            <p className="mt-1 text-sm text-slate-600">{segment.description}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
