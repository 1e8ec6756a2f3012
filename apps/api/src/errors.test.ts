import { RfmError } from "@rfm/core";
import Fastify from "fastify";
import { GraphQLError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { describe, expect, it } from "vitest";
import { AppError, formatError, handleHttpError, refusedRequestStatus, toClientError } from "./errors";
import { AJV_OPTIONS } from "./http/query-schemas";
import { ImportError } from "./import/types";

const extensionsOf = (error: unknown) => toClientError(error).extensions;

describe("toClientError", () => {
  it.each([
    [
      new RfmError("INVALID_RULE", "R9 is not a score"),
      { code: "BAD_USER_INPUT", reason: "INVALID_RULE", field: "input" },
    ],
    [
      new AppError("MAPPING_BINS_MISMATCH", "3 bins vs 4"),
      { code: "FAILED_PRECONDITION", reason: "MAPPING_BINS_MISMATCH" },
    ],
    [
      new AppError("NO_SCORING_RUN", "score first"),
      { code: "FAILED_PRECONDITION", reason: "NO_SCORING_RUN" },
    ],
    [
      new AppError("SCORING_IN_PROGRESS", "a run is in progress"),
      { code: "CONFLICT", reason: "SCORING_IN_PROGRESS" },
    ],
    [new AppError("NOT_FOUND", "no such segment", { field: "name" }), { code: "NOT_FOUND", field: "name" }],
  ])("maps %s to its extensions", (error, extensions) => {
    expect(extensionsOf(error)).toMatchObject(extensions);
  });

  it("masks anything unexpected, without its message or stack", () => {
    const client = toClientError(new Error("connection refused at 10.0.0.3:5432"));
    expect(client).toMatchObject({ message: "internal server error", status: 500 });
    expect(extensionsOf(new TypeError("x is undefined"))).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(extensionsOf(new GraphQLError("wrapped", { originalError: new Error("secret") }))).toEqual({
      code: "INTERNAL_SERVER_ERROR",
    });
    // A plain error with a code of ours is still not ours: only AppError and RfmError are translated.
    expect(extensionsOf(Object.assign(new Error("x"), { code: "NOT_FOUND" }))).toEqual({
      code: "INTERNAL_SERVER_ERROR",
    });
  });

  it("unwraps a resolver's error from the GraphQLError that locates it", () => {
    const located = new GraphQLError("no run", { originalError: new AppError("NO_SCORING_RUN", "no run") });
    expect(toClientError(located)).toEqual({
      status: 409,
      message: "no run",
      extensions: { code: "FAILED_PRECONDITION", reason: "NO_SCORING_RUN" },
    });
  });

  it("shows rfm-core's details with its code as the reason", () => {
    expect(extensionsOf(new RfmError("INVALID_CODE", "bad", { codes: ["450"] }))).toEqual({
      code: "BAD_USER_INPUT",
      reason: "INVALID_CODE",
      field: "input",
      codes: ["450"],
    });
  });
});

describe("AppError through the one table", () => {
  it.each([
    [
      new AppError("SEGMENT_NOT_FOUND", "no segment Foo", { field: "name" }),
      { code: "NOT_FOUND", reason: "SEGMENT_NOT_FOUND", field: "name" },
    ],
    [
      new AppError("BAD_OPTION", "bad delimiter", { field: "query" }),
      { code: "BAD_USER_INPUT", reason: "BAD_OPTION", field: "query" },
    ],
    [new AppError("SCORING_IN_PROGRESS", "busy"), { code: "CONFLICT", reason: "SCORING_IN_PROGRESS" }],
    [
      new AppError("CONFLICT", "version 3 was published by ana", { details: { version: 3 } }),
      { code: "CONFLICT", version: 3 },
    ],
    [
      new AppError("FORBIDDEN", "needs editor", { details: { required: "editor" } }),
      { code: "FORBIDDEN", required: "editor" },
    ],
    [
      new ImportError([{ code: "BAD_HEADER", message: "no order_id column" }], { field: "body" }),
      {
        code: "BAD_USER_INPUT",
        reason: "BAD_HEADER",
        field: "body",
        problems: [{ code: "BAD_HEADER", message: "no order_id column" }],
      },
    ],
  ])("%s", (error, extensions) => {
    expect(extensionsOf(error)).toEqual(extensions);
  });

  it.each([
    ["BAD_USER_INPUT", 400],
    ["UNAUTHENTICATED", 401],
    ["FORBIDDEN", 403],
    ["SEGMENT_NOT_FOUND", 404],
    ["MAPPING_BINS_MISMATCH", 409],
    ["SCORING_IN_PROGRESS", 409],
    ["PAYLOAD_TOO_LARGE", 413],
    ["UNSUPPORTED_MEDIA_TYPE", 415],
    ["IMPORT_FAILED", 500],
  ] as const)("%s answers HTTP %d", (code, status) => {
    expect(toClientError(new AppError(code, "x")).status).toBe(status);
  });

  it("masks a code whose translation is not exposed, whatever its message says", () => {
    const client = toClientError(new AppError("MIGRATION_FAILED", "relation x at 10.0.0.3"));
    expect(client).toMatchObject({ message: "internal server error" });
    expect(extensionsOf(new AppError("LENGTH_MISMATCH", "x"))).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  });

  it("keeps an exposed failure's message and details (what was committed, what to do)", () => {
    const stopped = new AppError("IMPORT_FAILED", "import 7 stopped after 500 rows", {
      details: { importId: 7 },
      cause: new Error("disk full"),
    });
    expect(toClientError(stopped)).toEqual({
      status: 500,
      message: "import 7 stopped after 500 rows",
      extensions: { code: "INTERNAL_SERVER_ERROR", reason: "IMPORT_FAILED", importId: 7 },
    });
  });
});

describe("argument validation", () => {
  const failure = () =>
    new ArgumentValidationError([
      {
        property: "input",
        children: [
          {
            property: "bins",
            constraints: { max: "bins must be an integer from 2 to 9, got 12" },
            contexts: { max: { max: 9 } },
            children: [],
          },
        ],
      },
    ] as never);

  it("names the first failing field by its path from the arguments, with the decorator's context", () => {
    expect(toClientError(failure())).toEqual({
      status: 400,
      message: "bins must be an integer from 2 to 9, got 12",
      extensions: { code: "BAD_USER_INPUT", field: "input.bins", max: 9 },
    });
  });

  it("is found inside the located error of its resolver, whose extensions graphql-js copied", () => {
    const located = new GraphQLError("Argument Validation Error", {
      originalError: failure(),
      path: ["runScoring"],
    });
    expect(located.extensions.code).toBe("BAD_USER_INPUT");
    expect(extensionsOf(located)).toEqual({ code: "BAD_USER_INPUT", field: "input.bins", max: 9 });
  });
});

describe("formatError", () => {
  it.each([
    ["GRAPHQL_VALIDATION_FAILED", { code: "BAD_USER_INPUT", reason: "GRAPHQL_VALIDATION_FAILED" }],
    ["GRAPHQL_PARSE_FAILED", { code: "BAD_USER_INPUT", reason: "GRAPHQL_PARSE_FAILED" }],
    ["BAD_USER_INPUT", { code: "BAD_USER_INPUT", field: "variables" }],
    ["INTERNAL_SERVER_ERROR", { code: "INTERNAL_SERVER_ERROR" }],
  ])("an Apollo error %s outside a resolver", (code, extensions) => {
    const error = new GraphQLError("the message", { extensions: { code } });
    const formatted = formatError({ message: "the message", extensions: { code } }, error);
    expect(formatted.extensions).toEqual(extensions);
  });

  it("keeps the path and locations, and never a stack trace", () => {
    const thrown = new GraphQLError("no customer", {
      originalError: new AppError("NOT_FOUND", "no customer", { field: "id" }),
      path: ["customer"],
    });
    const formatted = formatError(
      {
        message: "no customer",
        locations: [{ line: 1, column: 3 }],
        path: ["customer"],
        extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at x.ts:1"] },
      },
      thrown,
    );
    expect(formatted).toEqual({
      message: "no customer",
      locations: [{ line: 1, column: 3 }],
      path: ["customer"],
      extensions: { code: "NOT_FOUND", field: "id" },
    });
  });
});

describe("refusedRequestStatus", () => {
  const errors = (...codes: string[]) => codes.map((code) => ({ message: "m", extensions: { code } }));
  it.each([
    [["BAD_USER_INPUT"], 400],
    [["BAD_USER_INPUT", "BAD_USER_INPUT"], 400],
    [["UNAUTHENTICATED"], 401],
    [["FORBIDDEN"], 403],
    [["PAYLOAD_TOO_LARGE"], 413],
    [["BAD_USER_INPUT", "INTERNAL_SERVER_ERROR"], null],
    [["INTERNAL_SERVER_ERROR"], null],
    [["SOMETHING_ELSE"], null],
    [[], null],
  ])("a request refused with %j answers %s", (codes, status) => {
    expect(refusedRequestStatus(errors(...codes))).toBe(status);
  });
});

describe("handleHttpError", () => {
  async function server() {
    const app = Fastify({ logger: false, bodyLimit: 100, ajv: AJV_OPTIONS });
    app.setErrorHandler(handleHttpError);
    app.post("/echo", async (request) => request.body);
    const querystring = {
      type: "object",
      additionalProperties: false,
      properties: { one: { type: "string", maxLength: 3 }, n: { type: "integer", maximum: 9 } },
    };
    app.get("/query", { schema: { querystring } }, async (request) => request.query);
    app.get("/refuse", async () => {
      throw new AppError("FORBIDDEN", "needs admin", { details: { required: "admin" } });
    });
    app.get("/crash", async () => {
      throw new Error("connection refused at 10.0.0.3:5432");
    });
    await app.ready();
    return app;
  }

  it.each([
    ["GET", "/refuse", undefined, undefined, 403, { code: "FORBIDDEN", required: "admin" }],
    ["GET", "/crash", undefined, undefined, 500, { code: "INTERNAL_SERVER_ERROR" }],
    [
      "POST",
      "/echo",
      "application/json",
      JSON.stringify({ pad: "x".repeat(200) }),
      413,
      {
        code: "PAYLOAD_TOO_LARGE",
        field: "body",
      },
    ],
    ["POST", "/echo", "application/xml", "<x/>", 415, { code: "UNSUPPORTED_MEDIA_TYPE", field: "body" }],
    ["POST", "/echo", "application/json", "{nope", 400, { code: "BAD_USER_INPUT", field: "body" }],
    ["GET", "/query?one=a&one=b", undefined, undefined, 400, { code: "BAD_USER_INPUT", field: "query.one" }],
    ["GET", "/query?one=abcd", undefined, undefined, 400, { code: "BAD_USER_INPUT", field: "query.one" }],
    ["GET", "/query?n=99999999999", undefined, undefined, 400, { code: "BAD_USER_INPUT", field: "query.n" }],
    ["GET", "/query?n=x", undefined, undefined, 400, { code: "BAD_USER_INPUT", field: "query.n" }],
    ["GET", "/query?other=1", undefined, undefined, 400, { code: "BAD_USER_INPUT", field: "query.other" }],
  ] as const)(
    "%s %s (%s) answers %i in the error shape",
    async (method, url, type, payload, status, extensions) => {
      const app = await server();
      try {
        const response = await app.inject({
          method,
          url,
          ...(type ? { headers: { "content-type": type } } : {}),
          ...(payload ? { payload } : {}),
        });
        expect(response.statusCode).toBe(status);
        expect(response.headers["content-type"]).toMatch(/^application\/json/);
        const body = response.json() as { errors: { message: string; extensions: unknown }[] };
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0]!.extensions).toEqual(extensions);
        expect(response.body).not.toMatch(/10\.0\.0\.3|stack/);
        if (url.startsWith("/query"))
          expect(body.errors[0]!.message).toMatch(/^(unknown )?query parameter "\w+"/);
      } finally {
        await app.close();
      }
    },
  );
});
