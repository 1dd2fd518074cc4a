-- Idempotency-Key records (IETF draft-ietf-httpapi-idempotency-key-header): one row per (user, key), inserted in_flight
-- before any work; the invoice transaction completes it with the response to replay.
CREATE TABLE billing.idempotency_keys (
    user_id         uuid        NOT NULL,
    key             text        NOT NULL,
    request_hash    text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    lock_token      uuid        NOT NULL,
    locked_at       timestamptz NOT NULL DEFAULT now(),
    response_status int,
    response_body   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

-- Transactional outbox (Platform.ServiceDefaults.Outbox): rows written in the business transaction, sent by OutboxPublisher.
CREATE TABLE billing.outbox (
    id         bigserial   PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    event_type text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);

CREATE INDEX outbox_unsent_idx ON billing.outbox (id) WHERE sent_at IS NULL;
