-- Shared sign-in failure counts: every replica records a failed sign-in
-- here, so five failures from one address or against one account are five
-- wherever they landed (the per-process limiter let each replica allow five).

-- +goose Up
-- sign_in_failures is not tenant data, like rate_limits: a SHA-256 digest of
-- a client address or a claimed account, and when a sign-in under it
-- failed. The request role has no privilege on the table; it may only call
-- sign_in_fail. See docs/tenant-isolation.md ("The rate-limit tables").
CREATE TABLE sign_in_failures (
    key       bytea       NOT NULL CHECK (length(key) = 32),
    failed_at timestamptz NOT NULL,
    id        bigint      GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (key, failed_at, id)
);
REVOKE ALL ON sign_in_failures FROM PUBLIC;

-- sign_in_fail records one failure now (the database's clock) for each of
-- p_keys, forgets their failures older than p_window, and returns for each
-- key how many failures the window holds and, once that reaches p_limit,
-- when the key may try again (the p_limit-th latest failure + p_window).
-- +goose StatementBegin
CREATE FUNCTION sign_in_fail(p_keys bytea[], p_window interval, p_limit integer)
RETURNS TABLE (key bytea, failures integer, free_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF p_limit < 1 OR p_window <= interval '0' OR cardinality(p_keys) > 8
       OR EXISTS (SELECT 1 FROM unnest(p_keys) k WHERE length(k) <> 32) THEN
        RAISE EXCEPTION 'sign_in_fail: at most eight 32-byte keys, a positive window and limit' USING ERRCODE = '22023';
    END IF;
    DELETE FROM sign_in_failures f WHERE f.key = ANY (p_keys) AND f.failed_at <= now() - p_window;
    INSERT INTO sign_in_failures (key, failed_at) SELECT DISTINCT k, now() FROM unnest(p_keys) k;
    RETURN QUERY
    SELECT k, (SELECT count(*)::integer FROM sign_in_failures f WHERE f.key = k),
           (SELECT f.failed_at + p_window FROM sign_in_failures f WHERE f.key = k
            ORDER BY f.failed_at DESC OFFSET p_limit - 1 LIMIT 1)
    FROM (SELECT DISTINCT k FROM unnest(p_keys) k) keys;
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION sign_in_fail(bytea[], interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sign_in_fail(bytea[], interval, integer) TO baketracker_app;

-- +goose Down
DROP FUNCTION sign_in_fail(bytea[], interval, integer);
DROP TABLE sign_in_failures;
