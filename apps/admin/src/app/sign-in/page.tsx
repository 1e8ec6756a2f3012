import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in · RFM admin" };

export default function SignInPage() {
  return (
    <main id="main" className="mx-auto mt-16 max-w-md px-4">
      <h1 className="text-2xl font-semibold">Sign in to the RFM admin</h1>
      <p className="mt-2 text-sm text-slate-600">
        Paste an API token. An administrator creates one with{" "}
        <code className="rounded bg-slate-100 px-1">rfm token create --role editor --name you</code>. Viewer
        tokens see everything read-only.
      </p>
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
