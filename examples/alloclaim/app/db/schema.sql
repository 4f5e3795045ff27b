-- AlloClaim database (PostgreSQL 16).
-- The notice keeps billing and every other personal data for at most 36 months.

CREATE TABLE customers (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,  -- @personal-data category=user.contact.email retention=P36M
  full_name TEXT NOT NULL,  -- @personal-data category=user.name retention=P36M
  -- @personal-data category=user.contact.address
  adresse_postale TEXT,
  numero_de_telephone TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE web_sessions (
  id UUID PRIMARY KEY,
  customer_id BIGINT REFERENCES customers (id),
  ip_address INET NOT NULL,  -- @personal-data category=user.device.ip_address retention=P13M
  cart JSONB,
  started_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE orders (
  id BIGSERIAL PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  -- @personal-data category=user.behavior.purchase_history retention=P36M
  service_code TEXT NOT NULL,
  ordered_at TIMESTAMPTZ NOT NULL
);

-- Invoices are archived for the accountants.
CREATE TABLE invoices (
  id BIGSERIAL PRIMARY KEY,
  order_id BIGINT NOT NULL REFERENCES orders (id),
  amount_cents INTEGER NOT NULL,
  billing_name TEXT NOT NULL,
  billing_address TEXT NOT NULL,
  issued_at DATE NOT NULL
);

COMMENT ON COLUMN invoices.billing_name IS '@personal-data category=user.name retention=P10Y';
COMMENT ON COLUMN invoices.billing_address IS '@personal-data category=user.contact.address retention=P10Y';
