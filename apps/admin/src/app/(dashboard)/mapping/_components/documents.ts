import { graphql } from "../../../../graphql/generated";

/** What the editor shows of a mapping version (the draft or the published one). */
export const MappingVersionFields = graphql(`
  fragment MappingVersionFields on MappingVersion {
    version
    status
    basedOn
    author
    note
    bins
    createdAt
    publishedAt
    valid
    segments {
      ...SegmentDefinitionFields
      rules {
        text
      }
    }
    problems {
      code
      message
      codes
      segments
    }
    warnings {
      code
      message
      codes
      segments
    }
  }
`);

export const MappingEditorQuery = graphql(`
  query MappingEditor {
    mapping {
      ...MappingVersionFields
    }
    mappingDraft {
      ...MappingVersionFields
    }
  }
`);
