CREATE TABLE customers (
  id INT PRIMARY KEY,
  email TEXT, -- @personal-data categroy=user.contact.email
  phone TEXT, -- @personal-data category=user.contact.phone_number retention=P1X
  -- @personal-data category=user.name
  full_name TEXT, -- @personal-data category=user.name retention=P1Y
  notes TEXT -- @personal-data category=user.content retention=P1Y the rest is prose
);
COMMENT ON COLUMN customers.id IS '@personal-data category=user.unique_id';
COMMENT ON COLUMN customers.id IS '@personal-data category=user.unique_id retention=P1Y';
-- @personal-data category=user.name (no column follows this tag)
