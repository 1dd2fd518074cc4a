-- Accounts. Issue 4 fills in registration and login; the password hash format is decided there.
CREATE TABLE auth.users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Emails are stored normalised (lower case) by the service; the index makes them unique.
CREATE UNIQUE INDEX users_email_key ON auth.users (email);
