-- Shared request limits (issue 14): every replica counts a caller's requests
-- of the current minute here, so the limit holds across replicas.

-- +goose Up
-- rate_limits is not tenant data: a row is a SHA-256 digest of who is
-- calling (a user, a signed-in person or an anonymous client address), a
-- window start and how many requests of that window replicas have reserved.
-- Anonymous callers have no tenant, so there is no tenant_id to key it by.
-- The request role has no privilege on the table at all: it can only call
-- rate_limit_take, which adds to the one digest it names and answers how
-- many it got; nothing can be read back or listed. See
-- docs/tenant-isolation.md ("The rate-limit table").
CREATE TABLE rate_limits (
    key          bytea       NOT NULL CHECK (length(key) = 32),
    window_start timestamptz NOT NULL,
    used         integer     NOT NULL CHECK (used >= 0),
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);
REVOKE ALL ON rate_limits FROM PUBLIC;

-- rate_limit_take reserves up to want requests of key's window, never
-- beyond lim in total, and returns how many it granted and the window's
-- total afterwards. SECURITY DEFINER with a fixed search_path: it runs as
-- the table's owner, so the request role needs no table privilege.
-- +goose StatementBegin
CREATE FUNCTION rate_limit_take(p_key bytea, p_window timestamptz, p_want integer, p_limit integer,
                                OUT granted integer, OUT used integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    before integer;
BEGIN
    IF p_want < 1 OR p_limit < 1 OR length(p_key) <> 32 THEN
        RAISE EXCEPTION 'rate_limit_take: a 32-byte key and positive want and limit' USING ERRCODE = '22023';
    END IF;
    -- A concurrent first insert of the same key waits here for the other
    -- transaction, so the row lock below always finds the row.
    INSERT INTO rate_limits (key, window_start, used) VALUES (p_key, p_window, 0)
    ON CONFLICT (key, window_start) DO NOTHING;
    SELECT r.used INTO before FROM rate_limits r
    WHERE r.key = p_key AND r.window_start = p_window FOR UPDATE;
    granted := GREATEST(LEAST(p_want, p_limit - before), 0);
    used := before + granted;
    IF granted > 0 THEN
        UPDATE rate_limits r SET used = rate_limit_take.used WHERE r.key = p_key AND r.window_start = p_window;
    END IF;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION rate_limit_take(bytea, timestamptz, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rate_limit_take(bytea, timestamptz, integer, integer) TO baketracker_app;

-- rate_limit_forget drops windows that ended over ten minutes ago by the
-- database's clock (not the caller's, so no caller can wipe live counts).
-- +goose StatementBegin
CREATE FUNCTION rate_limit_forget() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DELETE FROM rate_limits WHERE window_start < now() - interval '10 minutes';
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION rate_limit_forget() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rate_limit_forget() TO baketracker_app;

-- +goose Down
DROP FUNCTION rate_limit_forget();
DROP FUNCTION rate_limit_take(bytea, timestamptz, integer, integer);
DROP TABLE rate_limits;
