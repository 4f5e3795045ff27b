-- CRM replica (Snowflake)
CREATE OR REPLACE TRANSIENT TABLE crm.public.contacts (
    contact_id NUMBER(38,0) NOT NULL AUTOINCREMENT,
    email VARCHAR(320) COMMENT '@personal-data category=user.contact.email retention=P3Y',
    phone VARCHAR(32),
    profile VARIANT, -- @personal-data category=user.name,user.contact.address retention=P3Y
    created_at TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP()
) COMMENT = 'Contacts synchronised from the CRM';

COMMENT ON COLUMN crm.public.contacts.phone IS '@personal-data category=user.contact.phone_number retention=P3Y';

ALTER TABLE crm.public.contacts ADD COLUMN consent_ip VARCHAR(45); -- @personal-data category=user.device.ip_address retention=P3Y
