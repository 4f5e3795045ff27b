-- Kraaft core database (PostgreSQL 15).
-- Personal data is tagged on each column; see ../../README.md for what breaks the policy.

CREATE TABLE companies (
  id UUID PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id UUID PRIMARY KEY,
  company_id UUID NOT NULL REFERENCES companies (id),
  first_name TEXT NOT NULL,  -- @personal-data category=user.name.first retention=service_end+P5Y
  last_name TEXT NOT NULL,  -- @personal-data category=user.name.last retention=service_end+P5Y
  -- @personal-data category=user.job_title retention=service_end+P5Y
  position TEXT,
  email TEXT NOT NULL UNIQUE,  -- @personal-data category=user.contact.email retention=account_deletion
  telefoonnummer TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

COMMENT ON COLUMN companies.name IS '@personal-data category=user.workplace retention=service_end+P5Y';

CREATE TABLE connection_log (
  id BIGSERIAL PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users (id),
  -- @personal-data category=user.device.ip_address retention=P2Y purposes=essential.service.security
  ip_address INET NOT NULL,
  connected_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  conversation_id UUID NOT NULL,
  author_id UUID NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,  -- @personal-data category=user.content.private purposes=essential.service
  sent_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
