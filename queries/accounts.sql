-- Accounts are global rows keyed by the identity provider's (provider,
-- subject). Every query runs inside store.InAccount, where RLS shows only the
-- verified caller's own account and memberships; the queries still name the
-- caller explicitly so RLS stays the second wall.

-- name: AccountGet :one
-- global: an account is a person across tenants; RLS limits it to the caller.
SELECT * FROM accounts WHERE provider = @provider AND subject = @subject;

-- name: AccountUpsert :one
-- global: an account is a person across tenants; RLS limits it to the caller.
INSERT INTO accounts (provider, subject, email, email_verified, display_name)
VALUES (@provider, @subject, @email, @email_verified, @display_name)
ON CONFLICT (provider, subject) DO UPDATE
SET email = EXCLUDED.email, email_verified = EXCLUDED.email_verified, display_name = EXCLUDED.display_name
RETURNING *;

-- name: AccountLock :one
-- global: serialises a person's first sign-ins so only one provisions a tenant.
SELECT id FROM accounts WHERE id = @id FOR UPDATE;

-- name: AccountMemberships :many
-- global: the caller's memberships in every tenant, before a tenant is chosen.
SELECT tenant_id, user_id FROM account_memberships
WHERE account_id = @account_id
ORDER BY created_at, tenant_id;

-- name: AccountMembershipCreate :exec
INSERT INTO account_memberships (account_id, tenant_id, user_id)
VALUES (@account_id, @tenant_id, @user_id);

-- name: AccountMembershipGet :one
SELECT user_id FROM account_memberships
WHERE account_id = @account_id AND tenant_id = @tenant_id;
