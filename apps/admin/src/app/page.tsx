import { redirect } from "next/navigation";

/** The admin starts on the dashboard (which sends the user to sign-in without a token). */
export default function Home() {
  redirect("/dashboard");
}
