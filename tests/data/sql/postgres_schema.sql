-- Site diary application: PostgreSQL schema.
-- Tags follow SPEC section 5: a tag binds to the column on its own line,
-- else to the next column defined below it.

CREATE SCHEMA IF NOT EXISTS app;

CREATE TABLE app.organizations (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT NOT NULL,
  vat_number  TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE app.users (
  id              BIGSERIAL PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES app.organizations (id) ON DELETE CASCADE,
  email           CITEXT NOT NULL UNIQUE,  -- @personal-data category=user.contact.email retention=account_deletion
  -- @personal-data category=user.name retention=service_end+P5Y purposes=essential.service
  full_name       TEXT NOT NULL,
  phone           TEXT,
  "DateOfBirth"   DATE CHECK ("DateOfBirth" > DATE '1900-01-01'),
  locale          TEXT NOT NULL DEFAULT 'en',  -- not personal; a '--' in a string: 'a -- b'
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

COMMENT ON COLUMN app.users.phone IS '@personal-data category=user.contact.phone_number retention=account_deletion';

CREATE TABLE app.user_sessions (
  id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    BIGINT NOT NULL REFERENCES app.users (id),
  /* @personal-data category=user.device.ip_address
     retention=P1Y purposes=essential.service.security */
  ip_address INET NOT NULL,
  user_agent TEXT,
  started_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE app.devices (
  id          BIGSERIAL PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES app.users (id),
  push_token  TEXT,  -- @personal-data category=user.device.device_id retention=P90D
  platform    TEXT CHECK (platform IN ('ios', 'android', 'web'))
);

CREATE TABLE app.projects (
  id              BIGSERIAL PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES app.organizations (id),
  name            TEXT NOT NULL,
  site_address    TEXT,
  starts_on       DATE,
  ends_on         DATE
);

CREATE TABLE app.project_members (
  project_id BIGINT NOT NULL REFERENCES app.projects (id),
  user_id    BIGINT NOT NULL REFERENCES app.users (id),
  role       TEXT NOT NULL DEFAULT 'member',
  PRIMARY KEY (project_id, user_id)
);

CREATE TABLE app.conversations (
  id         BIGSERIAL PRIMARY KEY,
  project_id BIGINT REFERENCES app.projects (id),
  title      TEXT
);

CREATE TABLE app.messages (
  id              BIGSERIAL PRIMARY KEY,
  conversation_id BIGINT NOT NULL REFERENCES app.conversations (id),
  author_id       BIGINT NOT NULL REFERENCES app.users (id),
  body            TEXT NOT NULL,  -- @personal-data category=user.content retention=contract_end+P1Y
  sent_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE app.attachments (
  id         BIGSERIAL PRIMARY KEY,
  message_id BIGINT NOT NULL REFERENCES app.messages (id),
  -- @personal-data category=user.content,user.location.imprecise retention=contract_end+P1Y
  photo_url  TEXT NOT NULL,
  exif       JSONB DEFAULT '{}'::jsonb,
  tags       TEXT[] DEFAULT ARRAY[]::TEXT[]
);

CREATE TABLE app.locations (
  id          BIGSERIAL PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES app.users (id),
  latitude    NUMERIC(9, 6) NOT NULL,  -- @personal-data category=user.location.precise retention=P30D
  longitude   NUMERIC(9, 6) NOT NULL,  -- @personal-data category=user.location.precise retention=P30D
  recorded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE app.audit_log (
  id         BIGSERIAL PRIMARY KEY,
  actor_id   BIGINT REFERENCES app.users (id),
  action     TEXT NOT NULL,
  ip_address INET,  -- @personal-data category=user.device.ip_address retention=P2Y purposes=essential.service.security
  at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE app.invoices (
  id              BIGSERIAL PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES app.organizations (id),
  billing_email   TEXT,
  amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
  issued_on       DATE NOT NULL
);

ALTER TABLE app.users ADD COLUMN avatar_url TEXT;  -- @personal-data category=user.biometric retention=account_deletion
ALTER TABLE ONLY app.invoices
  ADD COLUMN IF NOT EXISTS tax_id TEXT,
  ADD COLUMN postal_address TEXT;  -- @personal-data category=user.contact.address retention=P10Y

COMMENT ON COLUMN app.invoices.billing_email IS '@personal-data category=user.contact.email retention=P10Y purposes=essential.service';

CREATE INDEX users_email_idx ON app.users (email);
CREATE VIEW app.active_users AS SELECT id, email FROM app.users WHERE created_at > now() - INTERVAL '1 year';

CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger AS $$
BEGIN
  -- @personal-data inside a function body is not a tag
  NEW.created_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

INSERT INTO app.organizations (name) VALUES ('Acme; Builders -- not a comment');
