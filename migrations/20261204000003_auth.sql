-- Sign-in support (design.md §6).

-- Sign-in must find a user by email before anyone is acting, which the users policy (own row
-- only) does not allow. This function is the one narrow door: it runs as the owner (who may read
-- users), answers for exactly one email, and returns only what verifying a password needs.
CREATE FUNCTION app_login_lookup(login_email text)
RETURNS TABLE (user_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT u.id, u.password_hash FROM public.users u WHERE lower(u.email) = lower(login_email)
$$;
REVOKE ALL ON FUNCTION app_login_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_login_lookup(text) TO service_credits_app;

-- Sessions, in the layout tower-sessions' PostgresStore expects. They hold no tenant data (an
-- opaque, server-side record keyed by a random 128-bit id), so they sit outside the RLS scheme
-- in their own schema; the runtime role reads and writes them directly.
CREATE SCHEMA tower_sessions;
CREATE TABLE tower_sessions.session (
    id          text PRIMARY KEY NOT NULL,
    data        bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
-- The cleanup task deletes expired sessions by expiry date.
CREATE INDEX session_expiry_idx ON tower_sessions.session (expiry_date);
GRANT USAGE ON SCHEMA tower_sessions TO service_credits_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tower_sessions.session TO service_credits_app;
