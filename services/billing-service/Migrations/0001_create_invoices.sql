-- Invoices in minor units of an ISO 4217 currency. Idempotency keys and the outbox arrive with issue 4.
CREATE TABLE billing.invoices (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL,
    amount_minor bigint      NOT NULL CHECK (amount_minor > 0),
    currency     char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    description  text        NOT NULL,
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    paid_at      timestamptz
);

CREATE INDEX invoices_user_id_idx ON billing.invoices (user_id, created_at DESC);
