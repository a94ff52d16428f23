-- Captures (issue 12): a voice note, photo or text the agent turns into
-- proposed tool calls, which the person confirms.

-- +goose Up
-- captures holds the conversation with the model (history, genai contents
-- as JSON) so a correction or a retry continues it, the latest proposals,
-- and the confirmed results, which a repeated confirm replays.
CREATE TABLE captures (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL,
    status      text        NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'proposed', 'answered', 'failed', 'confirmed', 'discarded')),
    text        text        NOT NULL DEFAULT '' CHECK (length(text) <= 4000),
    detail      text        NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
    reply       text        NOT NULL DEFAULT '',
    history     jsonb       NOT NULL DEFAULT '[]',
    proposals   jsonb       NOT NULL DEFAULT '[]',
    results     jsonb,
    confirm_key text        CHECK (length(confirm_key) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX captures_created_idx ON captures (tenant_id, created_at DESC);
SELECT enable_tenant_rls('captures');

-- capture_media is each stored file of a capture, written before the model
-- is called, so a failed call loses nothing.
CREATE TABLE capture_media (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    capture_id  uuid        NOT NULL,
    position    integer     NOT NULL CHECK (position >= 0),
    kind        text        NOT NULL CHECK (kind IN ('audio', 'image')),
    mime_type   text        NOT NULL CHECK (length(mime_type) <= 100),
    sha256      bytea       NOT NULL CHECK (length(sha256) = 32),
    size_bytes  bigint      NOT NULL CHECK (size_bytes >= 0),
    storage_url text        NOT NULL CHECK (length(storage_url) <= 1000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT capture_media_position_key UNIQUE (tenant_id, capture_id, position),
    FOREIGN KEY (tenant_id, capture_id) REFERENCES captures (tenant_id, id) ON DELETE CASCADE
);
SELECT enable_tenant_rls('capture_media');

-- +goose Down
DROP TABLE capture_media;
DROP TABLE captures;
