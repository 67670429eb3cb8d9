-- The audit log: RFC 6962 leaves and perfect-subtree nodes, signed checkpoints, anchor receipts.
-- WORM: the service has no UPDATE or DELETE statement for these tables, the triggers below refuse them for every
-- role, and deploy/ grants the service role INSERT and SELECT only.

CREATE TABLE leaves (
    idx          BIGINT PRIMARY KEY CHECK (idx >= 0),
    tenant       TEXT        NOT NULL,
    pcs_id       TEXT        NOT NULL,
    leaf         BYTEA       NOT NULL,            -- canonical JSON of the entry, the exact bytes hashed
    leaf_hash    BYTEA       NOT NULL,            -- SHA-256(0x00 || leaf); also the level-0 node of the tree
    event_id     TEXT,
    appended_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT leaves_one_per_submission UNIQUE (tenant, pcs_id)
);

-- Perfect subtrees of level >= 1: node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
CREATE TABLE nodes (
    level SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 62),
    idx   BIGINT   NOT NULL CHECK (idx >= 0),
    hash  BYTEA    NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE checkpoints (
    tree_size BIGINT PRIMARY KEY CHECK (tree_size >= 0),
    root      BYTEA       NOT NULL,
    note      TEXT        NOT NULL,               -- the C2SP signed note, exactly as served
    issued_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per checkpoint and anchor once anchoring finished: anchored, or dead after its retries.
CREATE TABLE anchor_receipts (
    tree_size BIGINT      NOT NULL REFERENCES checkpoints (tree_size),
    anchor    TEXT        NOT NULL,
    status    TEXT        NOT NULL CHECK (status IN ('anchored', 'dead')),
    attempts  INT         NOT NULL,
    detail    TEXT,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tree_size, anchor)
);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER leaves_worm BEFORE UPDATE OR DELETE ON leaves FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER leaves_worm_truncate BEFORE TRUNCATE ON leaves EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER nodes_worm BEFORE UPDATE OR DELETE ON nodes FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER nodes_worm_truncate BEFORE TRUNCATE ON nodes EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER checkpoints_worm BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER checkpoints_worm_truncate BEFORE TRUNCATE ON checkpoints EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER anchor_receipts_worm BEFORE UPDATE OR DELETE ON anchor_receipts FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- Witness side: the last checkpoint this service cosigned per peer origin (mutable by design: it moves forward).
CREATE TABLE witnessed (
    origin    TEXT PRIMARY KEY,
    tree_size BIGINT      NOT NULL,
    root      BYTEA       NOT NULL,
    note      TEXT        NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- How far each SIEM sink has exported (at-least-once: the index is advanced after the sink acknowledged).
CREATE TABLE export_watermarks (
    sink       TEXT PRIMARY KEY,
    next_index BIGINT NOT NULL
);
