import { graphql } from "../../../../graphql/generated";

export const WebhookSubscriptionFields = graphql(`
  fragment WebhookSubscriptionFields on WebhookSubscription {
    id
    number
    url
    profile
    events
    segmentKeys
    active
    createdBy
    createdAt
    updatedAt
  }
`);

export const WebhookSubscriptionsQuery = graphql(`
  query WebhookSubscriptions {
    webhookSubscriptions(first: 50) {
      totalCount
      edges {
        node {
          ...WebhookSubscriptionFields
        }
      }
    }
  }
`);

export const CreateWebhookSubscriptionMutation = graphql(`
  mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) {
      webhookSubscription {
        ...WebhookSubscriptionFields
      }
      secret
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateWebhookSubscriptionMutation = graphql(`
  mutation UpdateWebhookSubscription($input: UpdateWebhookSubscriptionInput!) {
    updateWebhookSubscription(input: $input) {
      webhookSubscription {
        ...WebhookSubscriptionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const DeleteWebhookSubscriptionMutation = graphql(`
  mutation DeleteWebhookSubscription($input: DeleteWebhookSubscriptionInput!) {
    deleteWebhookSubscription(input: $input) {
      deletedId
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($subscriptionId: ID!, $after: String) {
    webhookDeliveries(subscriptionId: $subscriptionId, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          deliveryId
          status
          eventCount
          attempts
          lastStatusCode
          lastError
          nextAttemptAt
          deliveredAt
          createdAt
          replayOf
          attemptLog {
            attempt
            at
            statusCode
            error
          }
        }
      }
    }
  }
`);

export const ReplayWebhookDeliveryMutation = graphql(`
  mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {
    replayWebhookDelivery(input: $input) {
      webhookDelivery {
        id
        deliveryId
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
