-- Registrations are counted per client address in the same table as failed sign-ins (scope 'registration'): each one
-- costs an Argon2id hash, so one client must not be able to spend the service's CPU on them (RegistrationThrottle).
ALTER TABLE auth.login_failures DROP CONSTRAINT login_failures_scope_check;
ALTER TABLE auth.login_failures ADD CONSTRAINT login_failures_scope_check CHECK (scope IN ('account', 'address', 'registration'));
