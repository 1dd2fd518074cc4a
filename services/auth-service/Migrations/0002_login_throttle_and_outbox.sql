-- Failed sign-ins, shared by every task (PostgreSQL, not memory: the ALB spreads one attacker over all tasks).
-- One row per failed attempt and scope: 'account' (normalised email, whether or not the account exists) and 'address'
-- (client IP, or its /64 for IPv6). A row is written BEFORE the password is checked and removed again when the attempt
-- succeeds or is refused, so concurrent guesses cannot slip past the limit (see LoginThrottle).
CREATE TABLE auth.login_failures (
    id        bigserial   PRIMARY KEY,
    scope     text        NOT NULL CHECK (scope IN ('account', 'address')),
    key       text        NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX login_failures_key_idx ON auth.login_failures (scope, key, failed_at);
-- Expired rows are purged by age.
CREATE INDEX login_failures_failed_at_idx ON auth.login_failures (failed_at);

-- Transactional outbox (Platform.ServiceDefaults.Outbox): rows written in the business transaction, sent by OutboxPublisher.
CREATE TABLE auth.outbox (
    id         bigserial   PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    event_type text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);

CREATE INDEX outbox_unsent_idx ON auth.outbox (id) WHERE sent_at IS NULL;
