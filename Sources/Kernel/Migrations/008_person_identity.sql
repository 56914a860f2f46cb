-- People have an identity (issue 20 item 12): the resident identity number (公民身份号码, GB 11643),
-- optional but unique, so that bans, certificates and posts match the same person however many
-- times the person is entered. Personal data: shown only to those who may read the person.
ALTER TABLE registry_people ADD COLUMN identity_number TEXT;
CREATE UNIQUE INDEX registry_people_identity ON registry_people (identity_number) WHERE identity_number IS NOT NULL;
