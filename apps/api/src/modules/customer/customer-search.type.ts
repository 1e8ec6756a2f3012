import { Max, MaxLength, Min } from "class-validator";
import { ArgsType, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Customer } from "./customer.type";
import { MAX_SEARCH_RESULTS } from "./customer-search.repository";

export enum CustomerMatchKind {
  EXACT = "EXACT",
  PREFIX = "PREFIX",
  WORD_PREFIX = "WORD_PREFIX",
  SUBSTRING = "SUBSTRING",
}

registerEnumType(CustomerMatchKind, {
  name: "CustomerMatchKind",
  description: "How a customer matched a search, best first; compared case-insensitively.",
  valuesConfig: {
    EXACT: { description: "The whole id, email or name equals the search text." },
    PREFIX: { description: "The id, email or name starts with the search text." },
    WORD_PREFIX: {
      description: "A later word of the name starts with the search text (3 characters or more).",
    },
    SUBSTRING: { description: "The search text is inside the id, email or name (3 characters or more)." },
  },
});

export enum CustomerMatchField {
  ID = "ID",
  EMAIL = "EMAIL",
  NAME = "NAME",
}

registerEnumType(CustomerMatchField, {
  name: "CustomerMatchField",
  description:
    "The customer field a search matched; at one match kind the id ranks before the email, the email before the name.",
  valuesConfig: {
    ID: { description: "The store's customer id (`externalId`)." },
    EMAIL: { description: "The customer's email." },
    NAME: { description: "The customer's name." },
  },
});

@ObjectType({ description: "A customer found by searchCustomers, with what matched.", simpleResolvers: true })
export class CustomerSearchHit {
  @Field(() => Customer, { description: "The customer, scored in the profile's current run or not." })
  customer!: Customer;

  @Field(() => CustomerMatchKind, { description: "How the best-matching field matched the search text." })
  match!: CustomerMatchKind;

  @Field(() => CustomerMatchField, { description: "Which field matched best (the one to highlight)." })
  field!: CustomerMatchField;
}

@ArgsType()
export class CustomerSearchArgs {
  @Field(() => String, {
    description:
      "What to look for: an id, name or email, whole or its start (any length), or any part of one (3 characters or more); case-insensitive, `%` and `_` are plain characters. Blank: no results.",
  })
  @MaxLength(200, { message: "query has at most 200 characters" })
  query!: string;

  @Field(() => Int, {
    defaultValue: 10,
    description: `How many customers to return, best first (1 to ${MAX_SEARCH_RESULTS}).`,
  })
  @Min(1, { message: `first must be from 1 to ${MAX_SEARCH_RESULTS}` })
  @Max(MAX_SEARCH_RESULTS, { message: `first must be from 1 to ${MAX_SEARCH_RESULTS}` })
  first!: number;
}
