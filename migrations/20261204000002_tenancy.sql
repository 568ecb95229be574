-- Tenancy (design.md §6). The web server connects as `service_credits_app`: not a superuser, no
-- BYPASSRLS, owns nothing. Every tenant table has row-level security enabled AND forced, so even
-- the owner is filtered unless a policy names it. Policies read the acting user from the
-- transaction-local setting `app.user_id` through app_current_user_id(); no setting, no rows.

DO $$
BEGIN
    CREATE ROLE service_credits_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
EXCEPTION
    -- Roles are cluster-wide: another database of this cluster (a test database, say) may have
    -- created it already, possibly at the same moment.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- '' (the value left behind after a transaction that set it ends) means "nobody".
CREATE FUNCTION app_current_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;

GRANT USAGE ON SCHEMA public TO service_credits_app;
GRANT EXECUTE ON FUNCTION app_current_user_id() TO service_credits_app;
-- Read-only by design for now (the usage-visibility plan introduces no write permissions).
GRANT SELECT ON users, organizations, service_providers, organization_members, provider_members,
    provider_customers, credit_grants, work_logs TO service_credits_app;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
ALTER TABLE service_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_providers FORCE ROW LEVEL SECURITY;
ALTER TABLE organization_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_members FORCE ROW LEVEL SECURITY;
ALTER TABLE provider_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_members FORCE ROW LEVEL SECURITY;
ALTER TABLE provider_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_customers FORCE ROW LEVEL SECURITY;
ALTER TABLE credit_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_grants FORCE ROW LEVEL SECURITY;
ALTER TABLE work_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_logs FORCE ROW LEVEL SECURITY;

-- The role that runs migrations (and the admin/seed commands) keeps full access; forcing RLS
-- would otherwise shut it out too. The runtime role is not a member of it.
CREATE POLICY owner_all ON users TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON organizations TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON service_providers TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON organization_members TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON provider_members TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON provider_customers TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON credit_grants TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON work_logs TO CURRENT_USER USING (true) WITH CHECK (true);

-- Membership rows: a user sees their own. Every other policy builds on these, which keeps the
-- policies free of recursion: "my organizations" and "my providers" are these rows.
CREATE POLICY own_rows ON users FOR SELECT TO service_credits_app
    USING (id = app_current_user_id());
CREATE POLICY own_rows ON organization_members FOR SELECT TO service_credits_app
    USING (user_id = app_current_user_id());
CREATE POLICY own_rows ON provider_members FOR SELECT TO service_credits_app
    USING (user_id = app_current_user_id());

-- The subqueries are uncorrelated (IN (SELECT …)), so PostgreSQL evaluates each once per query
-- as a hashed subplan rather than once per row.

-- A link is visible to members of either side.
CREATE POLICY member_read ON provider_customers FOR SELECT TO service_credits_app USING (
    organization_id IN (SELECT m.organization_id FROM organization_members m
                        WHERE m.user_id = app_current_user_id())
    OR service_provider_id IN (SELECT m.service_provider_id FROM provider_members m
                               WHERE m.user_id = app_current_user_id())
);

-- An organization is visible to its members and to staff of the providers that serve it.
CREATE POLICY member_read ON organizations FOR SELECT TO service_credits_app USING (
    id IN (SELECT m.organization_id FROM organization_members m
           WHERE m.user_id = app_current_user_id())
    OR id IN (SELECT pc.organization_id FROM provider_customers pc
              WHERE pc.service_provider_id IN (SELECT m.service_provider_id FROM provider_members m
                                               WHERE m.user_id = app_current_user_id()))
);

-- A provider is visible to its staff and to members of the organizations it serves.
CREATE POLICY member_read ON service_providers FOR SELECT TO service_credits_app USING (
    id IN (SELECT m.service_provider_id FROM provider_members m
           WHERE m.user_id = app_current_user_id())
    OR id IN (SELECT pc.service_provider_id FROM provider_customers pc
              WHERE pc.organization_id IN (SELECT m.organization_id FROM organization_members m
                                           WHERE m.user_id = app_current_user_id()))
);

-- Grants and work logs: an organization sees everything logged against it, by any provider; a
-- provider sees only its own (design.md §4), even for a customer it shares with another provider.
CREATE POLICY member_read ON credit_grants FOR SELECT TO service_credits_app USING (
    organization_id IN (SELECT m.organization_id FROM organization_members m
                        WHERE m.user_id = app_current_user_id())
    OR service_provider_id IN (SELECT m.service_provider_id FROM provider_members m
                               WHERE m.user_id = app_current_user_id())
);
CREATE POLICY member_read ON work_logs FOR SELECT TO service_credits_app USING (
    organization_id IN (SELECT m.organization_id FROM organization_members m
                        WHERE m.user_id = app_current_user_id())
    OR service_provider_id IN (SELECT m.service_provider_id FROM provider_members m
                               WHERE m.user_id = app_current_user_id())
);
