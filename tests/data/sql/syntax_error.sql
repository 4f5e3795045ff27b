CREATE TABLE users (
  id INT PRIMARY KEY,
  email TEXT NOT NULL -- @personal-data category=user.contact.email
  name TEXT
);
