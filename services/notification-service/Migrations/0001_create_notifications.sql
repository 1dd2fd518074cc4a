-- One row per consumed event: the unique event_id is what makes a redelivered SQS message a no-op.
CREATE TABLE notify.notifications (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id   text        NOT NULL,
    user_id    uuid        NOT NULL,
    kind       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX notifications_event_id_key ON notify.notifications (event_id);
CREATE INDEX notifications_user_id_idx ON notify.notifications (user_id, created_at DESC);
