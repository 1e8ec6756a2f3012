import { graphql } from "./generated";

/**
 * A segment's definition in a mapping version: what the segments page edits and, with its
 * rules, what the mapping editor shows. One fragment, so both ask for the same fields.
 */
export const SegmentDefinitionFields = graphql(`
  fragment SegmentDefinitionFields on MappingSegment {
    key
    name
    description
    action
    color
    position
    codes
  }
`);
