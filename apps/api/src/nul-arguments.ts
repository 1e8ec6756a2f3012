/**
 * No GraphQL string argument may hold a NUL character (U+0000): PostgreSQL's text cannot store
 * one (it fails the whole statement, "invalid byte sequence for encoding UTF8: 0x00") and
 * SQLite would store it silently, so a name or search term with one is refused as the caller's
 * mistake on both databases, naming the argument (`filter.search`, `input.name`, `columns[1]`).
 *
 * One check of the whole operation before it runs (an Apollo plugin's `didResolveOperation`),
 * not a check per resolver, per field or per scalar: it covers every argument and input field
 * of every type at once (String, ID and custom scalars alike, literals and variables), costs one
 * walk of the document per request rather than a middleware call per resolved field (a page of
 * customers resolves thousands), and a replaced `String` scalar would clash with graphql-js's
 * own (introspection refers to it) and could not name the argument.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  type ASTNode,
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  type ValueNode,
  visit,
} from "graphql";
import { AppError } from "./app-error";

const NUL = "\u0000";

/** The path of the first string holding a NUL within a variable's JSON value, or null. */
function inJson(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = inJson(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = inJson(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The argument path (`input.name`, `columns[1]`) of the first string argument or input field of
 * `operation` (fragments of `document` included) that holds a NUL, from a literal, a variable or
 * a variable's default; null when there is none.
 */
export function nulArgument(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): string | null {
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const inValue = (value: ValueNode, path: string): string | null => {
    switch (value.kind) {
      case Kind.STRING:
        return value.value.includes(NUL) ? path : null;
      case Kind.LIST:
        for (const [index, item] of value.values.entries()) {
          const found = inValue(item, `${path}[${index}]`);
          if (found) return found;
        }
        return null;
      case Kind.OBJECT:
        for (const field of value.fields) {
          const found = inValue(field.value, `${path}.${field.name.value}`);
          if (found) return found;
        }
        return null;
      case Kind.VARIABLE: {
        const name = value.name.value;
        if (Object.hasOwn(variables, name)) return inJson(variables[name], path);
        const fallback = defaults.get(name);
        return fallback ? inValue(fallback, path) : null;
      }
      default:
        return null;
    }
  };
  let found: string | null = null;
  const roots: ASTNode[] = [
    operation,
    ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION),
  ];
  for (const root of roots) {
    visit(root, {
      Argument(argument) {
        found ??= inValue(argument.value, argument.name.value);
        return false;
      },
    });
    if (found) return found;
  }
  return null;
}

/** The plugin: refuses an operation with a NUL in an argument before anything runs. */
export function rejectNulArguments<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const field = nulArgument(document, operation, request.variables ?? {});
          if (field === null) return;
          throw new AppError(
            "BAD_USER_INPUT",
            `${field} contains a NUL character (U+0000), which text cannot hold`,
            {
              field,
            },
          );
        },
      };
    },
  };
}
