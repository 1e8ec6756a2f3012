/**
 * The admin's own GraphQL documents, copied from apps/admin/src (file named above each), so the
 * soak sends what the pages send. Fragments are appended to each document that spreads them.
 */

export const DOCUMENTS = {
  /** DashboardHeadline: apps/admin/src/app/(dashboard)/dashboard/_components/dashboard-view.tsx */
  headline: `query DashboardHeadline {
  overview {
    customersScored
    revenue
    customersStored
    transactionsStored
    mappingVersion
    run {
      id
      asOfDay
      bins
      windowFrom
      windowTo
      clvMethod
    }
  }
  segments {
    name
    color
    position
    customerCount
    customerShare
    revenue
    revenueShare
    avgClv
  }
}`,
  /** DashboardDaily: apps/admin/src/app/(dashboard)/dashboard/_components/daily-chart.tsx */
  daily: `query DashboardDaily($from: LocalDate, $to: LocalDate) {
  analytics {
    daily(from: $from, to: $to) {
      day
      transactions
      revenue
    }
  }
}`,
  /** DashboardAreaSales: apps/admin/src/app/(dashboard)/dashboard/_components/area-sales.tsx */
  areaSales: `query DashboardAreaSales {
  analytics {
    byProvince {
      name
      transactions
      customers
      revenue
    }
    byRegion {
      name
      transactions
      customers
      revenue
    }
  }
}`,
  /** DashboardRfGrid: apps/admin/src/app/(dashboard)/dashboard/_components/rf-heatmap.tsx */
  rfGrid: `query DashboardRfGrid {
  analytics {
    rfGrid {
      r
      f
      customers
      revenue
    }
  }
}`,
  /** DashboardMovement: apps/admin/src/app/(dashboard)/dashboard/_components/movement-matrix.tsx */
  movement: `query DashboardMovement {
  analytics {
    movement {
      fromRunId
      toRunId
      moved
      stayed
      transitions {
        from
        to
        customers
      }
      entered {
        segment
        customers
      }
      left {
        segment
        customers
      }
    }
  }
}`,
  /** SegmentsPage: apps/admin/src/app/(dashboard)/segments/_components/segments-view.tsx */
  segmentsPage: `query SegmentsPage {
  mapping {
    version
    segments {
      ...SegmentDefinitionFields
    }
  }
  mappingDraft {
    version
    basedOn
    segments {
      ...SegmentDefinitionFields
    }
  }
  segments {
    name
    customerCount
    customerShare
    revenue
    revenueShare
    avgRecencyDays
    avgFrequency
    avgMonetary
    avgClv
  }
}
fragment SegmentDefinitionFields on MappingSegment {
  name
  description
  action
  color
  position
  codes
}`,
  /** MappingEditor: apps/admin/src/app/(dashboard)/mapping/_components/documents.ts */
  mappingEditor: `query MappingEditor {
  mapping {
    ...MappingVersionFields
  }
  mappingDraft {
    ...MappingVersionFields
  }
}
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
fragment SegmentDefinitionFields on MappingSegment {
  name
  description
  action
  color
  position
  codes
}`,
  /** MappingPreview: apps/admin/src/app/(dashboard)/mapping/_components/preview-table.tsx */
  preview: `query MappingPreview($input: MappingInput) {
  previewMapping(input: $input) {
    runId
    valid
    problems {
      code
      message
      codes
    }
    segments {
      ...SegmentPreviewFields
    }
    published {
      ...SegmentPreviewFields
    }
  }
}
fragment SegmentPreviewFields on SegmentPreview {
  name
  color
  customerCount
  customerShare
  revenue
  revenueShare
}`,
  /** AudienceAreaNames: apps/admin/src/app/(dashboard)/audiences/_components/audience-table.tsx */
  areaNames: `query AudienceAreaNames {
  analytics {
    byProvince {
      name
    }
    byRegion {
      name
    }
  }
}`,
  /** AudienceCustomers: apps/admin/src/app/(dashboard)/audiences/_components/audience-table.tsx */
  audience: `query AudienceCustomers(
  $segment: String!
  $first: Int!
  $after: String
  $orderBy: CustomerOrder
  $filter: CustomerFilter
) {
  segment(name: $segment) {
    name
    customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          email
          province
          region
          score {
            recencyDays
            frequency
            monetary
            r
            f
            m
            code
            clv
          }
        }
      }
    }
  }
}`,
  /** Customer360: apps/admin/src/app/(dashboard)/customers/[id]/_components/customer-view.tsx */
  customer360: `query Customer360($id: ID!) {
  customer(id: $id) {
    id
    name
    email
    province
    region
    city
    createdAt
    segment
    score {
      ...CustomerScoreFields
    }
    history {
      ...CustomerScoreFields
    }
  }
}
fragment CustomerScoreFields on CustomerScore {
  runId
  asOf
  recencyDays
  frequency
  monetary
  r
  f
  m
  code
  segment
  clv
}`,
  /** CustomerTransactions: apps/admin/src/app/(dashboard)/customers/[id]/_components/customer-transactions.tsx */
  customerTransactions: `query CustomerTransactions($id: ID!, $first: Int!, $after: String) {
  customer(id: $id) {
    id
    transactions(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          orderId
          occurredAt
          amount
          lineCount
          channel
          province
          region
          city
        }
      }
    }
  }
}`,
  /** CreateSegment: apps/admin/src/app/(dashboard)/segments/_components/create-segment-form.tsx */
  createSegment: `mutation CreateSegment($input: CreateSegmentInput!) {
  createSegment(input: $input) {
    version
    segments {
      name
    }
  }
}`,
  /** AssignCodes: apps/admin/src/app/(dashboard)/mapping/_components/assign-panel.tsx */
  assignCodes: `mutation AssignCodes($codes: [String!]!, $segment: String!) {
  assignCodes(codes: $codes, segment: $segment) {
    ...MappingVersionFields
  }
}
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
fragment SegmentDefinitionFields on MappingSegment {
  name
  description
  action
  color
  position
  codes
}`,
  /** DiscardDraft: apps/admin/src/app/(dashboard)/mapping/_components/discard-draft.tsx */
  discardDraft: `mutation DiscardDraft {
  discardDraft
}`,
  /** CreateExport: apps/admin/src/app/(dashboard)/audiences/_components/export-panel.tsx */
  createExport: `mutation CreateExport($segment: String!, $format: ExportFormat!, $columns: [String!]) {
  createExport(segment: $segment, format: $format, columns: $columns) {
    url
    expiresAt
    segment
    format
    columns
    rows
  }
}`,
  /** Integrations' customer search: the top-level list filtered by a substring. */
  search: `query SoakSearch($first: Int!, $filter: CustomerFilter) {
  customers(first: $first, filter: $filter) {
    totalCount
    edges { cursor node { id name email province region segment score { code clv } } }
  }
}`,
} as const;
