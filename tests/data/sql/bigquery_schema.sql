-- Analytics warehouse (BigQuery)
CREATE TABLE IF NOT EXISTS `acme-prod.analytics.events` (
  event_id STRING NOT NULL,
  user_pseudo_id STRING, # @personal-data category=user.unique_id.pseudonymous retention=P14M purposes=analytics
  geo STRUCT<country STRING, city STRING>, -- @personal-data category=user.location.imprecise retention=P14M
  items ARRAY<STRUCT<item_id STRING, price NUMERIC>>,
  email STRING OPTIONS(description="Hashed address. @personal-data category=user.contact.email retention=P14M"),
  event_ts TIMESTAMP NOT NULL
)
PARTITION BY DATE(event_ts)
OPTIONS(description="raw events", partition_expiration_days=425);

CREATE OR REPLACE TABLE analytics.daily_users AS
SELECT DATE(event_ts) AS day, COUNT(DISTINCT user_pseudo_id) AS users
FROM `acme-prod.analytics.events` GROUP BY day;
