/** Placeholder for parts of the ClickHouse engine being written; removed when they all exist. */
export function notYet(what: string): never {
  throw new Error(`ClickHouse engine: ${what} is not implemented yet`);
}
