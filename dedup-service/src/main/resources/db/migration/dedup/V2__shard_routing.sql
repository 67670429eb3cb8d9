-- The hot tier's shard routing (one row, version only grows) and the checkpointed progress of a layout migration.
CREATE TABLE shard_routing (
    id         INT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version    BIGINT      NOT NULL,
    phase      TEXT        NOT NULL,
    current    TEXT        NOT NULL,
    next       TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE migrations (
    id          BIGSERIAL PRIMARY KEY,
    from_layout TEXT        NOT NULL,
    to_layout   TEXT        NOT NULL,
    phase       TEXT        NOT NULL,   -- planned, dual-write, copied, verified, cutover, done, rolled-back
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Per migration, step and source node: the SCAN cursor reached and what was done so far (resumable).
CREATE TABLE migration_progress (
    migration_id BIGINT  NOT NULL REFERENCES migrations (id),
    step         TEXT    NOT NULL,      -- copy, verify, cleanup
    node         TEXT    NOT NULL,
    cursor       TEXT    NOT NULL DEFAULT '0',
    done         BOOLEAN NOT NULL DEFAULT false,
    scanned      BIGINT  NOT NULL DEFAULT 0,
    moved        BIGINT  NOT NULL DEFAULT 0,   -- copied / repaired / deleted
    conflicts    BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (migration_id, step, node)
);
