-- Schema of design.md §2. Credits are integer minutes (1 credit = 1 hour = 60 minutes); every
-- aggregate is an exact integer sum, so no view can disagree with another through rounding.

-- A time zone is valid when PostgreSQL's tz database knows it by its IANA name. Declared
-- IMMUTABLE so it can back a CHECK constraint; the tz database only ever adds names.
CREATE FUNCTION is_valid_time_zone(tz text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = tz)
$$;

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 320),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique regardless of case; sign-in looks them up through this index.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE organizations (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone  text NOT NULL DEFAULT 'UTC' CHECK (is_valid_time_zone(time_zone)),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE service_providers (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone  text NOT NULL DEFAULT 'UTC' CHECK (is_valid_time_zone(time_zone)),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organization_members (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    PRIMARY KEY (organization_id, user_id)
);
-- Row-level policies look up "my organizations" by user on every tenant query.
CREATE INDEX organization_members_user_idx ON organization_members (user_id, organization_id);

CREATE TABLE provider_members (
    service_provider_id uuid NOT NULL REFERENCES service_providers (id) ON DELETE CASCADE,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role                text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    PRIMARY KEY (service_provider_id, user_id)
);
CREATE INDEX provider_members_user_idx ON provider_members (user_id, service_provider_id);

-- Which organizations a provider serves. Grants and work logs reference this pair, so work can
-- only be logged for a linked provider–customer pair.
CREATE TABLE provider_customers (
    service_provider_id uuid NOT NULL REFERENCES service_providers (id) ON DELETE CASCADE,
    organization_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_provider_id, organization_id)
);
CREATE INDEX provider_customers_org_idx ON provider_customers (organization_id, service_provider_id);

CREATE TABLE credit_grants (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id     uuid NOT NULL,
    service_provider_id uuid NOT NULL,
    minutes             integer NOT NULL CHECK (minutes > 0),
    granted_at          timestamptz NOT NULL DEFAULT now(),
    note                text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    FOREIGN KEY (service_provider_id, organization_id)
        REFERENCES provider_customers (service_provider_id, organization_id)
);
-- Remaining credits sum all grants of an org (optionally of one provider): index-only scans.
CREATE INDEX credit_grants_org_idx ON credit_grants (organization_id, service_provider_id) INCLUDE (minutes);
CREATE INDEX credit_grants_provider_idx ON credit_grants (service_provider_id, granted_at);

CREATE TABLE work_logs (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id     uuid NOT NULL,
    service_provider_id uuid NOT NULL,
    category            text NOT NULL CHECK (length(category) BETWEEN 1 AND 64),
    minutes_spent       integer NOT NULL CHECK (minutes_spent > 0 AND minutes_spent <= 1440 * 7),
    performed_at        timestamptz NOT NULL,
    description         text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_by          uuid NOT NULL REFERENCES users (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (service_provider_id, organization_id)
        REFERENCES provider_customers (service_provider_id, organization_id)
);
-- Covering index for the customer view: org + period range, with everything the per-category
-- aggregate and the provider filter read, so a period summary is an index-only range scan.
CREATE INDEX work_logs_org_period_idx ON work_logs (organization_id, performed_at)
    INCLUDE (service_provider_id, category, minutes_spent);
-- Covering index for the provider view: provider + period range, grouped by organization.
CREATE INDEX work_logs_provider_period_idx ON work_logs (service_provider_id, performed_at)
    INCLUDE (organization_id, minutes_spent);
