/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Profiles {\n    profiles {\n      key\n      name\n      isDefault\n      bins\n      windowDays\n      channels\n      monetaryBasis\n      clvMethod\n      currency\n    }\n  }\n": typeof types.ProfilesDocument,
    "\n  query Session {\n    me {\n      name\n      role\n    }\n  }\n": typeof types.SessionDocument,
    "\n  query AudienceCustomers(\n    $segment: String!\n    $first: Int!\n    $after: String\n    $orderBy: CustomerOrder\n    $filter: CustomerFilter\n  ) {\n    segment(name: $segment) {\n      name\n      customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            externalId\n            name\n            email\n            province\n            region\n            score {\n              recencyDays\n              frequency\n              monetary {\n                amount\n                currencyCode\n              }\n              r\n              f\n              m\n              code\n              clv {\n                amount\n                currencyCode\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.AudienceCustomersDocument,
    "\n  query AudienceAreaNames {\n    analytics {\n      byProvince {\n        name\n      }\n      byRegion {\n        name\n      }\n    }\n  }\n": typeof types.AudienceAreaNamesDocument,
    "\n  query AudienceSegments {\n    mapping {\n      bins\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n    }\n    exportColumns\n  }\n": typeof types.AudienceSegmentsDocument,
    "\n  query ExportHistory {\n    exports(first: 20) {\n      id\n      at\n      tokenName\n      segment\n      mappingVersion\n      runId\n      format\n      rows\n    }\n  }\n": typeof types.ExportHistoryDocument,
    "\n  mutation CreateExport($segment: String!, $format: ExportFormat!, $columns: [String!]) {\n    createExport(segment: $segment, format: $format, columns: $columns) {\n      url\n      expiresAt\n      segment\n      format\n      columns\n      rows\n    }\n  }\n": typeof types.CreateExportDocument,
    "\n  query CustomerTransactions($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      transactions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            orderId\n            occurredAt\n            amount {\n              amount\n              currencyCode\n            }\n            lineCount\n            channel\n            province\n            region\n            city\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerTransactionsDocument,
    "\n  query Customer360($id: ID!) {\n    customer(id: $id) {\n      id\n      externalId\n      name\n      email\n      province\n      region\n      city\n      createdAt\n      segment {\n        name\n      }\n      score {\n        runId\n        asOf\n        asOfDay\n        timeZone\n        recencyDays\n        frequency\n        monetary {\n          amount\n          currencyCode\n        }\n        r\n        f\n        m\n        code\n        clv {\n          amount\n          currencyCode\n        }\n      }\n      segmentHistory(first: 50) {\n        edges {\n          node {\n            runId\n            asOfDay\n            code\n            segmentName\n            mappingVersion\n            recencyDays\n            frequency\n            monetary {\n              amount\n              currencyCode\n            }\n            clv {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.Customer360Document,
    "\n  query DashboardAreaSales {\n    analytics {\n      byProvince {\n        name\n        transactions\n        customers\n        revenue\n      }\n      byRegion {\n        name\n        transactions\n        customers\n        revenue\n      }\n    }\n  }\n": typeof types.DashboardAreaSalesDocument,
    "\n  query DashboardDaily($from: LocalDate, $to: LocalDate) {\n    analytics {\n      daily(from: $from, to: $to) {\n        day\n        transactions\n        revenue\n      }\n    }\n  }\n": typeof types.DashboardDailyDocument,
    "\n  query DashboardHeadline {\n    overview {\n      customersScored\n      revenue\n      currencyCode\n      customersStored\n      transactionsStored\n      mappingVersion\n      run {\n        id\n        asOfDay\n        timeZone\n        bins\n        windowFrom\n        windowTo\n        clvMethod\n      }\n    }\n    segments {\n      name\n      color\n      position\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgClv\n    }\n  }\n": typeof types.DashboardHeadlineDocument,
    "\n  query DashboardMovement {\n    analytics {\n      movement {\n        fromRunId\n        toRunId\n        moved\n        stayed\n        transitions {\n          from\n          to\n          customers\n        }\n        entered {\n          segment\n          customers\n        }\n        left {\n          segment\n          customers\n        }\n      }\n    }\n  }\n": typeof types.DashboardMovementDocument,
    "\n  query DashboardRfGrid {\n    analytics {\n      rfGrid {\n        r\n        f\n        customers\n        revenue\n      }\n    }\n  }\n": typeof types.DashboardRfGridDocument,
    "\n  query DashboardSizeHistory {\n    segmentSizeHistory {\n      name\n      color\n      points {\n        runId\n        asOfDay\n        customers\n      }\n    }\n  }\n": typeof types.DashboardSizeHistoryDocument,
    "\n  mutation AssignCodes($codes: [String!]!, $segment: String!) {\n    assignCodes(codes: $codes, segment: $segment) {\n      ...MappingVersionFields\n    }\n  }\n": typeof types.AssignCodesDocument,
    "\n  mutation DiscardDraft {\n    discardDraft\n  }\n": typeof types.DiscardDraftDocument,
    "\n  fragment MappingVersionFields on MappingVersion {\n    version\n    status\n    basedOn\n    author\n    note\n    bins\n    createdAt\n    publishedAt\n    valid\n    segments {\n      ...SegmentDefinitionFields\n      rules {\n        text\n      }\n    }\n    problems {\n      code\n      message\n      codes\n      segments\n    }\n    warnings {\n      code\n      message\n      codes\n      segments\n    }\n  }\n": typeof types.MappingVersionFieldsFragmentDoc,
    "\n  query MappingEditor {\n    mapping {\n      ...MappingVersionFields\n    }\n    mappingDraft {\n      ...MappingVersionFields\n    }\n  }\n": typeof types.MappingEditorDocument,
    "\n  query MappingFile($format: MappingFileFormat!, $draft: Boolean!) {\n    mappingFile(format: $format, draft: $draft)\n  }\n": typeof types.MappingFileDocument,
    "\n  mutation ImportMappingFile($input: ImportMappingFileInput!) {\n    importMappingFile(input: $input) {\n      published\n      mapping {\n        ...MappingVersionFields\n      }\n      report {\n        form\n        order\n        othersSegment\n        unmatched\n        entries {\n          path\n          segment\n          rule\n          codes\n          shadowed {\n            code\n            takenBy\n          }\n        }\n      }\n    }\n  }\n": typeof types.ImportMappingFileDocument,
    "\n  query MappingPreview($input: MappingInput) {\n    previewMapping(input: $input) {\n      runId\n      valid\n      problems {\n        code\n        message\n        codes\n      }\n      segments {\n        ...SegmentPreviewFields\n      }\n      published {\n        ...SegmentPreviewFields\n      }\n    }\n  }\n\n  fragment SegmentPreviewFields on SegmentPreview {\n    name\n    color\n    customerCount\n    customerShare\n    revenue\n    revenueShare\n  }\n": typeof types.MappingPreviewDocument,
    "\n  mutation PublishMapping($expectedVersion: Int!, $note: String) {\n    publishMapping(expectedVersion: $expectedVersion, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n": typeof types.PublishMappingDocument,
    "\n  mutation SetSegmentRules($segment: String!, $rules: [String!]!) {\n    setSegmentRules(segment: $segment, rules: $rules) {\n      ...MappingVersionFields\n    }\n  }\n": typeof types.SetSegmentRulesDocument,
    "\n  query MappingVersions {\n    mappingVersions {\n      version\n      basedOn\n      author\n      note\n      publishedAt\n      createdAt\n      segments {\n        name\n        codes\n      }\n    }\n  }\n": typeof types.MappingVersionsDocument,
    "\n  mutation RollbackMapping($version: Int!, $note: String) {\n    rollbackMapping(version: $version, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n": typeof types.RollbackMappingDocument,
    "\n  fragment BackfillFields on Backfill {\n    id\n    interval\n    from\n    to\n    bins\n    status\n    future\n    error\n    periods {\n      asOfDay\n      status\n      runId\n    }\n  }\n": typeof types.BackfillFieldsFragmentDoc,
    "\n  query BackfillStatus {\n    backfill {\n      ...BackfillFields\n    }\n  }\n": typeof types.BackfillStatusDocument,
    "\n  mutation StartBackfill($input: StartBackfillInput!) {\n    startBackfill(input: $input) {\n      ...BackfillFields\n    }\n  }\n": typeof types.StartBackfillDocument,
    "\n  fragment ScoringRunFields on ScoringRun {\n    id\n    asOf\n    asOfDay\n    asOfKnown\n    timeZone\n    windowFrom\n    windowTo\n    bins\n    monetaryBasis\n    status\n    current\n    customersScored\n    transactionsRead\n    startedAt\n    finishedAt\n    durationMs\n    error\n    warnings\n    clvMethod\n    phase\n  }\n": typeof types.ScoringRunFieldsFragmentDoc,
    "\n  query RunThresholds($id: Int!) {\n    scoringRun(id: $id) {\n      id\n      thresholds {\n        recency {\n          ...ThresholdBandFields\n        }\n        frequency {\n          ...ThresholdBandFields\n        }\n        monetary {\n          ...ThresholdBandFields\n        }\n      }\n    }\n  }\n": typeof types.RunThresholdsDocument,
    "\n  mutation CreateProfile($input: CreateProfileInput!) {\n    createProfile(input: $input) {\n      key\n      name\n      bins\n    }\n  }\n": typeof types.CreateProfileDocument,
    "\n  query ScoringRunStatus($id: Int!) {\n    scoringRun(id: $id) {\n      ...ScoringRunFields\n    }\n  }\n": typeof types.ScoringRunStatusDocument,
    "\n  query ScoringRuns {\n    scoringRuns(first: 50) {\n      ...ScoringRunFields\n    }\n  }\n": typeof types.ScoringRunsDocument,
    "\n  mutation RunScoring($input: RunScoringInput!) {\n    runScoring(input: $input) {\n      ...ScoringRunFields\n    }\n  }\n": typeof types.RunScoringDocument,
    "\n  query StartRunBins {\n    mapping {\n      bins\n    }\n  }\n": typeof types.StartRunBinsDocument,
    "\n  query ThresholdPreview($input: ThresholdPreviewInput!) {\n    thresholdPreview(input: $input) {\n      runId\n      asOfDay\n      monetaryBasis\n      customers\n      recency {\n        ...ThresholdBandFields\n      }\n      frequency {\n        ...ThresholdBandFields\n      }\n      monetary {\n        ...ThresholdBandFields\n      }\n    }\n  }\n": typeof types.ThresholdPreviewDocument,
    "\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) {\n      version\n      segments {\n        name\n      }\n    }\n  }\n": typeof types.CreateSegmentDocument,
    "\n  mutation UpdateSegment($name: String!, $input: UpdateSegmentInput!) {\n    updateSegment(name: $name, input: $input) {\n      version\n      segments {\n        name\n        position\n      }\n    }\n  }\n": typeof types.UpdateSegmentDocument,
    "\n  mutation DeleteSegment($name: String!, $reassignTo: String) {\n    deleteSegment(name: $name, reassignTo: $reassignTo) {\n      version\n      segments {\n        name\n        codes\n      }\n    }\n  }\n": typeof types.DeleteSegmentDocument,
    "\n  query SegmentsPage {\n    mapping {\n      version\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    mappingDraft {\n      version\n      basedOn\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgRecencyDays\n      avgFrequency\n      avgMonetary\n      avgClv\n      currencyCode\n    }\n  }\n": typeof types.SegmentsPageDocument,
    "\n  query SignInCheck {\n    me {\n      name\n      role\n    }\n  }\n": typeof types.SignInCheckDocument,
    "\n  fragment ThresholdBandFields on DimensionThresholds {\n    dimension\n    method\n    bounds\n    bands {\n      score\n      label\n      text\n      reachable\n      customers\n    }\n  }\n": typeof types.ThresholdBandFieldsFragmentDoc,
    "\n  query CurrentThresholds {\n    overview {\n      run {\n        id\n        asOfDay\n        thresholds {\n          recency {\n            ...ThresholdBandFields\n          }\n          frequency {\n            ...ThresholdBandFields\n          }\n          monetary {\n            ...ThresholdBandFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.CurrentThresholdsDocument,
    "\n  fragment SegmentDefinitionFields on MappingSegment {\n    name\n    description\n    action\n    color\n    position\n    codes\n  }\n": typeof types.SegmentDefinitionFieldsFragmentDoc,
};
const documents: Documents = {
    "\n  query Profiles {\n    profiles {\n      key\n      name\n      isDefault\n      bins\n      windowDays\n      channels\n      monetaryBasis\n      clvMethod\n      currency\n    }\n  }\n": types.ProfilesDocument,
    "\n  query Session {\n    me {\n      name\n      role\n    }\n  }\n": types.SessionDocument,
    "\n  query AudienceCustomers(\n    $segment: String!\n    $first: Int!\n    $after: String\n    $orderBy: CustomerOrder\n    $filter: CustomerFilter\n  ) {\n    segment(name: $segment) {\n      name\n      customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            externalId\n            name\n            email\n            province\n            region\n            score {\n              recencyDays\n              frequency\n              monetary {\n                amount\n                currencyCode\n              }\n              r\n              f\n              m\n              code\n              clv {\n                amount\n                currencyCode\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.AudienceCustomersDocument,
    "\n  query AudienceAreaNames {\n    analytics {\n      byProvince {\n        name\n      }\n      byRegion {\n        name\n      }\n    }\n  }\n": types.AudienceAreaNamesDocument,
    "\n  query AudienceSegments {\n    mapping {\n      bins\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n    }\n    exportColumns\n  }\n": types.AudienceSegmentsDocument,
    "\n  query ExportHistory {\n    exports(first: 20) {\n      id\n      at\n      tokenName\n      segment\n      mappingVersion\n      runId\n      format\n      rows\n    }\n  }\n": types.ExportHistoryDocument,
    "\n  mutation CreateExport($segment: String!, $format: ExportFormat!, $columns: [String!]) {\n    createExport(segment: $segment, format: $format, columns: $columns) {\n      url\n      expiresAt\n      segment\n      format\n      columns\n      rows\n    }\n  }\n": types.CreateExportDocument,
    "\n  query CustomerTransactions($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      transactions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            orderId\n            occurredAt\n            amount {\n              amount\n              currencyCode\n            }\n            lineCount\n            channel\n            province\n            region\n            city\n          }\n        }\n      }\n    }\n  }\n": types.CustomerTransactionsDocument,
    "\n  query Customer360($id: ID!) {\n    customer(id: $id) {\n      id\n      externalId\n      name\n      email\n      province\n      region\n      city\n      createdAt\n      segment {\n        name\n      }\n      score {\n        runId\n        asOf\n        asOfDay\n        timeZone\n        recencyDays\n        frequency\n        monetary {\n          amount\n          currencyCode\n        }\n        r\n        f\n        m\n        code\n        clv {\n          amount\n          currencyCode\n        }\n      }\n      segmentHistory(first: 50) {\n        edges {\n          node {\n            runId\n            asOfDay\n            code\n            segmentName\n            mappingVersion\n            recencyDays\n            frequency\n            monetary {\n              amount\n              currencyCode\n            }\n            clv {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n    }\n  }\n": types.Customer360Document,
    "\n  query DashboardAreaSales {\n    analytics {\n      byProvince {\n        name\n        transactions\n        customers\n        revenue\n      }\n      byRegion {\n        name\n        transactions\n        customers\n        revenue\n      }\n    }\n  }\n": types.DashboardAreaSalesDocument,
    "\n  query DashboardDaily($from: LocalDate, $to: LocalDate) {\n    analytics {\n      daily(from: $from, to: $to) {\n        day\n        transactions\n        revenue\n      }\n    }\n  }\n": types.DashboardDailyDocument,
    "\n  query DashboardHeadline {\n    overview {\n      customersScored\n      revenue\n      currencyCode\n      customersStored\n      transactionsStored\n      mappingVersion\n      run {\n        id\n        asOfDay\n        timeZone\n        bins\n        windowFrom\n        windowTo\n        clvMethod\n      }\n    }\n    segments {\n      name\n      color\n      position\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgClv\n    }\n  }\n": types.DashboardHeadlineDocument,
    "\n  query DashboardMovement {\n    analytics {\n      movement {\n        fromRunId\n        toRunId\n        moved\n        stayed\n        transitions {\n          from\n          to\n          customers\n        }\n        entered {\n          segment\n          customers\n        }\n        left {\n          segment\n          customers\n        }\n      }\n    }\n  }\n": types.DashboardMovementDocument,
    "\n  query DashboardRfGrid {\n    analytics {\n      rfGrid {\n        r\n        f\n        customers\n        revenue\n      }\n    }\n  }\n": types.DashboardRfGridDocument,
    "\n  query DashboardSizeHistory {\n    segmentSizeHistory {\n      name\n      color\n      points {\n        runId\n        asOfDay\n        customers\n      }\n    }\n  }\n": types.DashboardSizeHistoryDocument,
    "\n  mutation AssignCodes($codes: [String!]!, $segment: String!) {\n    assignCodes(codes: $codes, segment: $segment) {\n      ...MappingVersionFields\n    }\n  }\n": types.AssignCodesDocument,
    "\n  mutation DiscardDraft {\n    discardDraft\n  }\n": types.DiscardDraftDocument,
    "\n  fragment MappingVersionFields on MappingVersion {\n    version\n    status\n    basedOn\n    author\n    note\n    bins\n    createdAt\n    publishedAt\n    valid\n    segments {\n      ...SegmentDefinitionFields\n      rules {\n        text\n      }\n    }\n    problems {\n      code\n      message\n      codes\n      segments\n    }\n    warnings {\n      code\n      message\n      codes\n      segments\n    }\n  }\n": types.MappingVersionFieldsFragmentDoc,
    "\n  query MappingEditor {\n    mapping {\n      ...MappingVersionFields\n    }\n    mappingDraft {\n      ...MappingVersionFields\n    }\n  }\n": types.MappingEditorDocument,
    "\n  query MappingFile($format: MappingFileFormat!, $draft: Boolean!) {\n    mappingFile(format: $format, draft: $draft)\n  }\n": types.MappingFileDocument,
    "\n  mutation ImportMappingFile($input: ImportMappingFileInput!) {\n    importMappingFile(input: $input) {\n      published\n      mapping {\n        ...MappingVersionFields\n      }\n      report {\n        form\n        order\n        othersSegment\n        unmatched\n        entries {\n          path\n          segment\n          rule\n          codes\n          shadowed {\n            code\n            takenBy\n          }\n        }\n      }\n    }\n  }\n": types.ImportMappingFileDocument,
    "\n  query MappingPreview($input: MappingInput) {\n    previewMapping(input: $input) {\n      runId\n      valid\n      problems {\n        code\n        message\n        codes\n      }\n      segments {\n        ...SegmentPreviewFields\n      }\n      published {\n        ...SegmentPreviewFields\n      }\n    }\n  }\n\n  fragment SegmentPreviewFields on SegmentPreview {\n    name\n    color\n    customerCount\n    customerShare\n    revenue\n    revenueShare\n  }\n": types.MappingPreviewDocument,
    "\n  mutation PublishMapping($expectedVersion: Int!, $note: String) {\n    publishMapping(expectedVersion: $expectedVersion, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n": types.PublishMappingDocument,
    "\n  mutation SetSegmentRules($segment: String!, $rules: [String!]!) {\n    setSegmentRules(segment: $segment, rules: $rules) {\n      ...MappingVersionFields\n    }\n  }\n": types.SetSegmentRulesDocument,
    "\n  query MappingVersions {\n    mappingVersions {\n      version\n      basedOn\n      author\n      note\n      publishedAt\n      createdAt\n      segments {\n        name\n        codes\n      }\n    }\n  }\n": types.MappingVersionsDocument,
    "\n  mutation RollbackMapping($version: Int!, $note: String) {\n    rollbackMapping(version: $version, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n": types.RollbackMappingDocument,
    "\n  fragment BackfillFields on Backfill {\n    id\n    interval\n    from\n    to\n    bins\n    status\n    future\n    error\n    periods {\n      asOfDay\n      status\n      runId\n    }\n  }\n": types.BackfillFieldsFragmentDoc,
    "\n  query BackfillStatus {\n    backfill {\n      ...BackfillFields\n    }\n  }\n": types.BackfillStatusDocument,
    "\n  mutation StartBackfill($input: StartBackfillInput!) {\n    startBackfill(input: $input) {\n      ...BackfillFields\n    }\n  }\n": types.StartBackfillDocument,
    "\n  fragment ScoringRunFields on ScoringRun {\n    id\n    asOf\n    asOfDay\n    asOfKnown\n    timeZone\n    windowFrom\n    windowTo\n    bins\n    monetaryBasis\n    status\n    current\n    customersScored\n    transactionsRead\n    startedAt\n    finishedAt\n    durationMs\n    error\n    warnings\n    clvMethod\n    phase\n  }\n": types.ScoringRunFieldsFragmentDoc,
    "\n  query RunThresholds($id: Int!) {\n    scoringRun(id: $id) {\n      id\n      thresholds {\n        recency {\n          ...ThresholdBandFields\n        }\n        frequency {\n          ...ThresholdBandFields\n        }\n        monetary {\n          ...ThresholdBandFields\n        }\n      }\n    }\n  }\n": types.RunThresholdsDocument,
    "\n  mutation CreateProfile($input: CreateProfileInput!) {\n    createProfile(input: $input) {\n      key\n      name\n      bins\n    }\n  }\n": types.CreateProfileDocument,
    "\n  query ScoringRunStatus($id: Int!) {\n    scoringRun(id: $id) {\n      ...ScoringRunFields\n    }\n  }\n": types.ScoringRunStatusDocument,
    "\n  query ScoringRuns {\n    scoringRuns(first: 50) {\n      ...ScoringRunFields\n    }\n  }\n": types.ScoringRunsDocument,
    "\n  mutation RunScoring($input: RunScoringInput!) {\n    runScoring(input: $input) {\n      ...ScoringRunFields\n    }\n  }\n": types.RunScoringDocument,
    "\n  query StartRunBins {\n    mapping {\n      bins\n    }\n  }\n": types.StartRunBinsDocument,
    "\n  query ThresholdPreview($input: ThresholdPreviewInput!) {\n    thresholdPreview(input: $input) {\n      runId\n      asOfDay\n      monetaryBasis\n      customers\n      recency {\n        ...ThresholdBandFields\n      }\n      frequency {\n        ...ThresholdBandFields\n      }\n      monetary {\n        ...ThresholdBandFields\n      }\n    }\n  }\n": types.ThresholdPreviewDocument,
    "\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) {\n      version\n      segments {\n        name\n      }\n    }\n  }\n": types.CreateSegmentDocument,
    "\n  mutation UpdateSegment($name: String!, $input: UpdateSegmentInput!) {\n    updateSegment(name: $name, input: $input) {\n      version\n      segments {\n        name\n        position\n      }\n    }\n  }\n": types.UpdateSegmentDocument,
    "\n  mutation DeleteSegment($name: String!, $reassignTo: String) {\n    deleteSegment(name: $name, reassignTo: $reassignTo) {\n      version\n      segments {\n        name\n        codes\n      }\n    }\n  }\n": types.DeleteSegmentDocument,
    "\n  query SegmentsPage {\n    mapping {\n      version\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    mappingDraft {\n      version\n      basedOn\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgRecencyDays\n      avgFrequency\n      avgMonetary\n      avgClv\n      currencyCode\n    }\n  }\n": types.SegmentsPageDocument,
    "\n  query SignInCheck {\n    me {\n      name\n      role\n    }\n  }\n": types.SignInCheckDocument,
    "\n  fragment ThresholdBandFields on DimensionThresholds {\n    dimension\n    method\n    bounds\n    bands {\n      score\n      label\n      text\n      reachable\n      customers\n    }\n  }\n": types.ThresholdBandFieldsFragmentDoc,
    "\n  query CurrentThresholds {\n    overview {\n      run {\n        id\n        asOfDay\n        thresholds {\n          recency {\n            ...ThresholdBandFields\n          }\n          frequency {\n            ...ThresholdBandFields\n          }\n          monetary {\n            ...ThresholdBandFields\n          }\n        }\n      }\n    }\n  }\n": types.CurrentThresholdsDocument,
    "\n  fragment SegmentDefinitionFields on MappingSegment {\n    name\n    description\n    action\n    color\n    position\n    codes\n  }\n": types.SegmentDefinitionFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profiles {\n    profiles {\n      key\n      name\n      isDefault\n      bins\n      windowDays\n      channels\n      monetaryBasis\n      clvMethod\n      currency\n    }\n  }\n"): (typeof documents)["\n  query Profiles {\n    profiles {\n      key\n      name\n      isDefault\n      bins\n      windowDays\n      channels\n      monetaryBasis\n      clvMethod\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Session {\n    me {\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query Session {\n    me {\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AudienceCustomers(\n    $segment: String!\n    $first: Int!\n    $after: String\n    $orderBy: CustomerOrder\n    $filter: CustomerFilter\n  ) {\n    segment(name: $segment) {\n      name\n      customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            externalId\n            name\n            email\n            province\n            region\n            score {\n              recencyDays\n              frequency\n              monetary {\n                amount\n                currencyCode\n              }\n              r\n              f\n              m\n              code\n              clv {\n                amount\n                currencyCode\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AudienceCustomers(\n    $segment: String!\n    $first: Int!\n    $after: String\n    $orderBy: CustomerOrder\n    $filter: CustomerFilter\n  ) {\n    segment(name: $segment) {\n      name\n      customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            externalId\n            name\n            email\n            province\n            region\n            score {\n              recencyDays\n              frequency\n              monetary {\n                amount\n                currencyCode\n              }\n              r\n              f\n              m\n              code\n              clv {\n                amount\n                currencyCode\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AudienceAreaNames {\n    analytics {\n      byProvince {\n        name\n      }\n      byRegion {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query AudienceAreaNames {\n    analytics {\n      byProvince {\n        name\n      }\n      byRegion {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AudienceSegments {\n    mapping {\n      bins\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n    }\n    exportColumns\n  }\n"): (typeof documents)["\n  query AudienceSegments {\n    mapping {\n      bins\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n    }\n    exportColumns\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportHistory {\n    exports(first: 20) {\n      id\n      at\n      tokenName\n      segment\n      mappingVersion\n      runId\n      format\n      rows\n    }\n  }\n"): (typeof documents)["\n  query ExportHistory {\n    exports(first: 20) {\n      id\n      at\n      tokenName\n      segment\n      mappingVersion\n      runId\n      format\n      rows\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExport($segment: String!, $format: ExportFormat!, $columns: [String!]) {\n    createExport(segment: $segment, format: $format, columns: $columns) {\n      url\n      expiresAt\n      segment\n      format\n      columns\n      rows\n    }\n  }\n"): (typeof documents)["\n  mutation CreateExport($segment: String!, $format: ExportFormat!, $columns: [String!]) {\n    createExport(segment: $segment, format: $format, columns: $columns) {\n      url\n      expiresAt\n      segment\n      format\n      columns\n      rows\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerTransactions($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      transactions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            orderId\n            occurredAt\n            amount {\n              amount\n              currencyCode\n            }\n            lineCount\n            channel\n            province\n            region\n            city\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerTransactions($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      transactions(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            orderId\n            occurredAt\n            amount {\n              amount\n              currencyCode\n            }\n            lineCount\n            channel\n            province\n            region\n            city\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customer360($id: ID!) {\n    customer(id: $id) {\n      id\n      externalId\n      name\n      email\n      province\n      region\n      city\n      createdAt\n      segment {\n        name\n      }\n      score {\n        runId\n        asOf\n        asOfDay\n        timeZone\n        recencyDays\n        frequency\n        monetary {\n          amount\n          currencyCode\n        }\n        r\n        f\n        m\n        code\n        clv {\n          amount\n          currencyCode\n        }\n      }\n      segmentHistory(first: 50) {\n        edges {\n          node {\n            runId\n            asOfDay\n            code\n            segmentName\n            mappingVersion\n            recencyDays\n            frequency\n            monetary {\n              amount\n              currencyCode\n            }\n            clv {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customer360($id: ID!) {\n    customer(id: $id) {\n      id\n      externalId\n      name\n      email\n      province\n      region\n      city\n      createdAt\n      segment {\n        name\n      }\n      score {\n        runId\n        asOf\n        asOfDay\n        timeZone\n        recencyDays\n        frequency\n        monetary {\n          amount\n          currencyCode\n        }\n        r\n        f\n        m\n        code\n        clv {\n          amount\n          currencyCode\n        }\n      }\n      segmentHistory(first: 50) {\n        edges {\n          node {\n            runId\n            asOfDay\n            code\n            segmentName\n            mappingVersion\n            recencyDays\n            frequency\n            monetary {\n              amount\n              currencyCode\n            }\n            clv {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardAreaSales {\n    analytics {\n      byProvince {\n        name\n        transactions\n        customers\n        revenue\n      }\n      byRegion {\n        name\n        transactions\n        customers\n        revenue\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardAreaSales {\n    analytics {\n      byProvince {\n        name\n        transactions\n        customers\n        revenue\n      }\n      byRegion {\n        name\n        transactions\n        customers\n        revenue\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardDaily($from: LocalDate, $to: LocalDate) {\n    analytics {\n      daily(from: $from, to: $to) {\n        day\n        transactions\n        revenue\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardDaily($from: LocalDate, $to: LocalDate) {\n    analytics {\n      daily(from: $from, to: $to) {\n        day\n        transactions\n        revenue\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardHeadline {\n    overview {\n      customersScored\n      revenue\n      currencyCode\n      customersStored\n      transactionsStored\n      mappingVersion\n      run {\n        id\n        asOfDay\n        timeZone\n        bins\n        windowFrom\n        windowTo\n        clvMethod\n      }\n    }\n    segments {\n      name\n      color\n      position\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgClv\n    }\n  }\n"): (typeof documents)["\n  query DashboardHeadline {\n    overview {\n      customersScored\n      revenue\n      currencyCode\n      customersStored\n      transactionsStored\n      mappingVersion\n      run {\n        id\n        asOfDay\n        timeZone\n        bins\n        windowFrom\n        windowTo\n        clvMethod\n      }\n    }\n    segments {\n      name\n      color\n      position\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgClv\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardMovement {\n    analytics {\n      movement {\n        fromRunId\n        toRunId\n        moved\n        stayed\n        transitions {\n          from\n          to\n          customers\n        }\n        entered {\n          segment\n          customers\n        }\n        left {\n          segment\n          customers\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardMovement {\n    analytics {\n      movement {\n        fromRunId\n        toRunId\n        moved\n        stayed\n        transitions {\n          from\n          to\n          customers\n        }\n        entered {\n          segment\n          customers\n        }\n        left {\n          segment\n          customers\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardRfGrid {\n    analytics {\n      rfGrid {\n        r\n        f\n        customers\n        revenue\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardRfGrid {\n    analytics {\n      rfGrid {\n        r\n        f\n        customers\n        revenue\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardSizeHistory {\n    segmentSizeHistory {\n      name\n      color\n      points {\n        runId\n        asOfDay\n        customers\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardSizeHistory {\n    segmentSizeHistory {\n      name\n      color\n      points {\n        runId\n        asOfDay\n        customers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignCodes($codes: [String!]!, $segment: String!) {\n    assignCodes(codes: $codes, segment: $segment) {\n      ...MappingVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation AssignCodes($codes: [String!]!, $segment: String!) {\n    assignCodes(codes: $codes, segment: $segment) {\n      ...MappingVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DiscardDraft {\n    discardDraft\n  }\n"): (typeof documents)["\n  mutation DiscardDraft {\n    discardDraft\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MappingVersionFields on MappingVersion {\n    version\n    status\n    basedOn\n    author\n    note\n    bins\n    createdAt\n    publishedAt\n    valid\n    segments {\n      ...SegmentDefinitionFields\n      rules {\n        text\n      }\n    }\n    problems {\n      code\n      message\n      codes\n      segments\n    }\n    warnings {\n      code\n      message\n      codes\n      segments\n    }\n  }\n"): (typeof documents)["\n  fragment MappingVersionFields on MappingVersion {\n    version\n    status\n    basedOn\n    author\n    note\n    bins\n    createdAt\n    publishedAt\n    valid\n    segments {\n      ...SegmentDefinitionFields\n      rules {\n        text\n      }\n    }\n    problems {\n      code\n      message\n      codes\n      segments\n    }\n    warnings {\n      code\n      message\n      codes\n      segments\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MappingEditor {\n    mapping {\n      ...MappingVersionFields\n    }\n    mappingDraft {\n      ...MappingVersionFields\n    }\n  }\n"): (typeof documents)["\n  query MappingEditor {\n    mapping {\n      ...MappingVersionFields\n    }\n    mappingDraft {\n      ...MappingVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MappingFile($format: MappingFileFormat!, $draft: Boolean!) {\n    mappingFile(format: $format, draft: $draft)\n  }\n"): (typeof documents)["\n  query MappingFile($format: MappingFileFormat!, $draft: Boolean!) {\n    mappingFile(format: $format, draft: $draft)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportMappingFile($input: ImportMappingFileInput!) {\n    importMappingFile(input: $input) {\n      published\n      mapping {\n        ...MappingVersionFields\n      }\n      report {\n        form\n        order\n        othersSegment\n        unmatched\n        entries {\n          path\n          segment\n          rule\n          codes\n          shadowed {\n            code\n            takenBy\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportMappingFile($input: ImportMappingFileInput!) {\n    importMappingFile(input: $input) {\n      published\n      mapping {\n        ...MappingVersionFields\n      }\n      report {\n        form\n        order\n        othersSegment\n        unmatched\n        entries {\n          path\n          segment\n          rule\n          codes\n          shadowed {\n            code\n            takenBy\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MappingPreview($input: MappingInput) {\n    previewMapping(input: $input) {\n      runId\n      valid\n      problems {\n        code\n        message\n        codes\n      }\n      segments {\n        ...SegmentPreviewFields\n      }\n      published {\n        ...SegmentPreviewFields\n      }\n    }\n  }\n\n  fragment SegmentPreviewFields on SegmentPreview {\n    name\n    color\n    customerCount\n    customerShare\n    revenue\n    revenueShare\n  }\n"): (typeof documents)["\n  query MappingPreview($input: MappingInput) {\n    previewMapping(input: $input) {\n      runId\n      valid\n      problems {\n        code\n        message\n        codes\n      }\n      segments {\n        ...SegmentPreviewFields\n      }\n      published {\n        ...SegmentPreviewFields\n      }\n    }\n  }\n\n  fragment SegmentPreviewFields on SegmentPreview {\n    name\n    color\n    customerCount\n    customerShare\n    revenue\n    revenueShare\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishMapping($expectedVersion: Int!, $note: String) {\n    publishMapping(expectedVersion: $expectedVersion, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation PublishMapping($expectedVersion: Int!, $note: String) {\n    publishMapping(expectedVersion: $expectedVersion, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSegmentRules($segment: String!, $rules: [String!]!) {\n    setSegmentRules(segment: $segment, rules: $rules) {\n      ...MappingVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetSegmentRules($segment: String!, $rules: [String!]!) {\n    setSegmentRules(segment: $segment, rules: $rules) {\n      ...MappingVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MappingVersions {\n    mappingVersions {\n      version\n      basedOn\n      author\n      note\n      publishedAt\n      createdAt\n      segments {\n        name\n        codes\n      }\n    }\n  }\n"): (typeof documents)["\n  query MappingVersions {\n    mappingVersions {\n      version\n      basedOn\n      author\n      note\n      publishedAt\n      createdAt\n      segments {\n        name\n        codes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackMapping($version: Int!, $note: String) {\n    rollbackMapping(version: $version, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation RollbackMapping($version: Int!, $note: String) {\n    rollbackMapping(version: $version, note: $note) {\n      ...MappingVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackfillFields on Backfill {\n    id\n    interval\n    from\n    to\n    bins\n    status\n    future\n    error\n    periods {\n      asOfDay\n      status\n      runId\n    }\n  }\n"): (typeof documents)["\n  fragment BackfillFields on Backfill {\n    id\n    interval\n    from\n    to\n    bins\n    status\n    future\n    error\n    periods {\n      asOfDay\n      status\n      runId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackfillStatus {\n    backfill {\n      ...BackfillFields\n    }\n  }\n"): (typeof documents)["\n  query BackfillStatus {\n    backfill {\n      ...BackfillFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartBackfill($input: StartBackfillInput!) {\n    startBackfill(input: $input) {\n      ...BackfillFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartBackfill($input: StartBackfillInput!) {\n    startBackfill(input: $input) {\n      ...BackfillFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScoringRunFields on ScoringRun {\n    id\n    asOf\n    asOfDay\n    asOfKnown\n    timeZone\n    windowFrom\n    windowTo\n    bins\n    monetaryBasis\n    status\n    current\n    customersScored\n    transactionsRead\n    startedAt\n    finishedAt\n    durationMs\n    error\n    warnings\n    clvMethod\n    phase\n  }\n"): (typeof documents)["\n  fragment ScoringRunFields on ScoringRun {\n    id\n    asOf\n    asOfDay\n    asOfKnown\n    timeZone\n    windowFrom\n    windowTo\n    bins\n    monetaryBasis\n    status\n    current\n    customersScored\n    transactionsRead\n    startedAt\n    finishedAt\n    durationMs\n    error\n    warnings\n    clvMethod\n    phase\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunThresholds($id: Int!) {\n    scoringRun(id: $id) {\n      id\n      thresholds {\n        recency {\n          ...ThresholdBandFields\n        }\n        frequency {\n          ...ThresholdBandFields\n        }\n        monetary {\n          ...ThresholdBandFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunThresholds($id: Int!) {\n    scoringRun(id: $id) {\n      id\n      thresholds {\n        recency {\n          ...ThresholdBandFields\n        }\n        frequency {\n          ...ThresholdBandFields\n        }\n        monetary {\n          ...ThresholdBandFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProfile($input: CreateProfileInput!) {\n    createProfile(input: $input) {\n      key\n      name\n      bins\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProfile($input: CreateProfileInput!) {\n    createProfile(input: $input) {\n      key\n      name\n      bins\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScoringRunStatus($id: Int!) {\n    scoringRun(id: $id) {\n      ...ScoringRunFields\n    }\n  }\n"): (typeof documents)["\n  query ScoringRunStatus($id: Int!) {\n    scoringRun(id: $id) {\n      ...ScoringRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScoringRuns {\n    scoringRuns(first: 50) {\n      ...ScoringRunFields\n    }\n  }\n"): (typeof documents)["\n  query ScoringRuns {\n    scoringRuns(first: 50) {\n      ...ScoringRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunScoring($input: RunScoringInput!) {\n    runScoring(input: $input) {\n      ...ScoringRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation RunScoring($input: RunScoringInput!) {\n    runScoring(input: $input) {\n      ...ScoringRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StartRunBins {\n    mapping {\n      bins\n    }\n  }\n"): (typeof documents)["\n  query StartRunBins {\n    mapping {\n      bins\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ThresholdPreview($input: ThresholdPreviewInput!) {\n    thresholdPreview(input: $input) {\n      runId\n      asOfDay\n      monetaryBasis\n      customers\n      recency {\n        ...ThresholdBandFields\n      }\n      frequency {\n        ...ThresholdBandFields\n      }\n      monetary {\n        ...ThresholdBandFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ThresholdPreview($input: ThresholdPreviewInput!) {\n    thresholdPreview(input: $input) {\n      runId\n      asOfDay\n      monetaryBasis\n      customers\n      recency {\n        ...ThresholdBandFields\n      }\n      frequency {\n        ...ThresholdBandFields\n      }\n      monetary {\n        ...ThresholdBandFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) {\n      version\n      segments {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) {\n      version\n      segments {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSegment($name: String!, $input: UpdateSegmentInput!) {\n    updateSegment(name: $name, input: $input) {\n      version\n      segments {\n        name\n        position\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSegment($name: String!, $input: UpdateSegmentInput!) {\n    updateSegment(name: $name, input: $input) {\n      version\n      segments {\n        name\n        position\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSegment($name: String!, $reassignTo: String) {\n    deleteSegment(name: $name, reassignTo: $reassignTo) {\n      version\n      segments {\n        name\n        codes\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSegment($name: String!, $reassignTo: String) {\n    deleteSegment(name: $name, reassignTo: $reassignTo) {\n      version\n      segments {\n        name\n        codes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentsPage {\n    mapping {\n      version\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    mappingDraft {\n      version\n      basedOn\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgRecencyDays\n      avgFrequency\n      avgMonetary\n      avgClv\n      currencyCode\n    }\n  }\n"): (typeof documents)["\n  query SegmentsPage {\n    mapping {\n      version\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    mappingDraft {\n      version\n      basedOn\n      segments {\n        ...SegmentDefinitionFields\n      }\n    }\n    segments {\n      name\n      customerCount\n      customerShare\n      revenue\n      revenueShare\n      avgRecencyDays\n      avgFrequency\n      avgMonetary\n      avgClv\n      currencyCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignInCheck {\n    me {\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query SignInCheck {\n    me {\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ThresholdBandFields on DimensionThresholds {\n    dimension\n    method\n    bounds\n    bands {\n      score\n      label\n      text\n      reachable\n      customers\n    }\n  }\n"): (typeof documents)["\n  fragment ThresholdBandFields on DimensionThresholds {\n    dimension\n    method\n    bounds\n    bands {\n      score\n      label\n      text\n      reachable\n      customers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentThresholds {\n    overview {\n      run {\n        id\n        asOfDay\n        thresholds {\n          recency {\n            ...ThresholdBandFields\n          }\n          frequency {\n            ...ThresholdBandFields\n          }\n          monetary {\n            ...ThresholdBandFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CurrentThresholds {\n    overview {\n      run {\n        id\n        asOfDay\n        thresholds {\n          recency {\n            ...ThresholdBandFields\n          }\n          frequency {\n            ...ThresholdBandFields\n          }\n          monetary {\n            ...ThresholdBandFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SegmentDefinitionFields on MappingSegment {\n    name\n    description\n    action\n    color\n    position\n    codes\n  }\n"): (typeof documents)["\n  fragment SegmentDefinitionFields on MappingSegment {\n    name\n    description\n    action\n    color\n    position\n    codes\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;