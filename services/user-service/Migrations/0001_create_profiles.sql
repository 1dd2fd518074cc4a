-- One profile per account; user_id is auth's user id (the JWT subject), not a foreign key across schemas.
CREATE TABLE users.profiles (
    user_id      uuid        PRIMARY KEY,
    display_name text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
