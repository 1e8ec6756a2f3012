import type { ScoreEngine, ScoreReadEngine } from "../scores";
import type { ClickHouse } from "./connection";
import { notYet } from "./not-yet";

export function clickhouseScores(_ch: ClickHouse): ScoreEngine {
  return { write: () => notYet("scores.write") };
}

export function clickhouseScoreReads(_ch: ClickHouse): ScoreReadEngine {
  return { query: () => notYet("scoreReads.query") };
}
