"""The SQLite schema and its migrations, keyed on ``PRAGMA user_version``.

Each entry of ``MIGRATIONS`` upgrades the file by one version and runs inside
the same transaction as the ``user_version`` bump, so a failed upgrade leaves
the file as it was. Money is stored as integers: 附件1 amounts in 元, 附件2
amounts in 分. Dates are ISO ``YYYY-MM-DD`` text, timestamps ISO with offset.
"""

from __future__ import annotations

V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                 -- JSON
);

CREATE TABLE units (                    -- 申请单位 / 项目建设单位
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT ''       -- 县直部门 / 乡镇 / ...
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY,                -- UUID, never changes, travels in .xxh
    number TEXT UNIQUE,                 -- office number, e.g. JZ-2027-013
    name TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,              -- budget year (预算年度)
    stage TEXT NOT NULL,
    side_state TEXT,                    -- 退回补充 / 不予批准 / 整改中 / 暂缓安排投资计划 / 暂停建设 / 已终止
    supply_list TEXT NOT NULL DEFAULT '',   -- 退回补充: what to supply
    is_existing_system INTEGER NOT NULL DEFAULT 0,  -- 第八条第二款
    responsible_person TEXT NOT NULL DEFAULT '',    -- 项目责任人 (第十二条)
    approval_date TEXT,                 -- 第十条 县政府批准
    approval_doc_no TEXT NOT NULL DEFAULT '',
    plan_year INTEGER,                  -- in the annual plan of this year (第七条)
    temp_approval_date TEXT,            -- 临时报批 (第七条)
    temp_approval_doc_no TEXT NOT NULL DEFAULT '',
    procurement_method TEXT NOT NULL DEFAULT '',    -- 第十一条
    procurement_date TEXT,
    supplier TEXT NOT NULL DEFAULT '',
    contract_amount INTEGER,            -- 元
    contract_date TEXT,
    supervisor_unit TEXT NOT NULL DEFAULT '',       -- 监理
    tester_unit TEXT NOT NULL DEFAULT '',           -- 第三方测评
    initial_acceptance_date TEXT,       -- 初验 (第十七条)
    initial_acceptance_result TEXT,     -- 合格 / 不合格
    final_acceptance_date TEXT,         -- 终验
    self_eval_office_date TEXT,         -- 绩效自评价 sent to 县智慧办 (第十八条)
    self_eval_finance_date TEXT,        -- and to 县财政局
    revision INTEGER NOT NULL DEFAULT 1,
    base_revision INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX projects_stage ON projects(stage);
CREATE INDEX projects_year ON projects(year);
CREATE INDEX projects_unit ON projects(unit_id);

CREATE TABLE declarations (             -- 附件1, one per project
    project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT '草稿',  -- 草稿 / 已申报
    applicant_unit TEXT NOT NULL DEFAULT '',
    declared_on TEXT,
    leader TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    project_name TEXT NOT NULL DEFAULT '',
    start_month TEXT,                   -- YYYY-MM
    end_month TEXT,
    investment INTEGER,                 -- 元
    fund_fiscal INTEGER,
    fund_self INTEGER,
    fund_bank INTEGER,
    fund_other INTEGER,
    content TEXT NOT NULL DEFAULT '',
    dept_opinion TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE drafts (                   -- autosaved, unvalidated form revisions
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- declaration / procurement
    record_id TEXT NOT NULL,            -- project id or procurement id
    payload TEXT NOT NULL,              -- JSON
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL DEFAULT '',
    record_revision INTEGER             -- the record's revision when saved: timestamps have whole
);                                      -- seconds, so a same-second import must still beat the draft
CREATE INDEX drafts_record ON drafts(kind, record_id, id);

CREATE TABLE procurements (             -- 附件2 cases
    id TEXT PRIMARY KEY,                -- UUID
    number TEXT UNIQUE,                 -- e.g. CG-2027-004
    unit_id INTEGER NOT NULL REFERENCES units(id),
    status TEXT NOT NULL DEFAULT '草稿',  -- 草稿 / 已申报 / 审核中 / 通过 / 退回修改 / 不予通过
    applicant_unit TEXT NOT NULL DEFAULT '',
    filled_on TEXT,
    reason TEXT NOT NULL DEFAULT '',
    fund_budget INTEGER,                -- 分
    fund_special INTEGER,
    fund_other INTEGER,
    handler TEXT NOT NULL DEFAULT '',
    handler_phone TEXT NOT NULL DEFAULT '',
    unit_leader TEXT NOT NULL DEFAULT '',
    unit_opinion TEXT NOT NULL DEFAULT '',
    dept_opinion TEXT NOT NULL DEFAULT '',
    review_opinion TEXT NOT NULL DEFAULT '',    -- 县智慧办 written opinion
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_on TEXT,
    revision INTEGER NOT NULL DEFAULT 1,
    base_revision INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE procurement_items (
    id INTEGER PRIMARY KEY,
    procurement_id TEXT NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- 序号, from 1
    item TEXT NOT NULL DEFAULT '',
    spec TEXT NOT NULL DEFAULT '',
    quantity INTEGER,
    unit_price INTEGER,                 -- 分
    UNIQUE (procurement_id, seq)
);

CREATE TABLE blobs (                    -- attachment content, named by its SM3
    sm3 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE materials (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- 项目建设方案, 试运行报告, ... (domain.materials)
    filename TEXT NOT NULL DEFAULT '',
    sm3 TEXT REFERENCES blobs(sm3),     -- NULL when waived
    waived_reason TEXT NOT NULL DEFAULT '',  -- 暂缺 with a reason
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX materials_project ON materials(project_id, kind);

CREATE TABLE stage_history (            -- every move, kept forever
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    side_state TEXT,                    -- the side state set or cleared by this entry
    on_date TEXT NOT NULL,              -- the date the move stands for
    at TEXT NOT NULL,                   -- when it was recorded
    by TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    event TEXT NOT NULL DEFAULT ''      -- 初验合格 / 终验 / 批准 / ...
);
CREATE INDEX stage_history_project ON stage_history(project_id, id);

CREATE TABLE adjustments (              -- 项目调整申请 (第十五条)
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    content TEXT NOT NULL DEFAULT '',
    requested_on TEXT NOT NULL,
    county_approved_on TEXT,
    office_filed_on TEXT                -- 县智慧办 备案
);

CREATE TABLE existing_assets (          -- 现有软硬件资源情况 (第八条第二款)
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    category TEXT NOT NULL DEFAULT '',  -- 硬件 / 系统软件 / 应用系统 / 数据库
    name TEXT NOT NULL,                 -- 品种
    quantity INTEGER,
    purchased_on TEXT,
    warranty_until TEXT,                -- 过保时间 (feeds the deadlines)
    usage TEXT NOT NULL DEFAULT ''      -- 应用情况
);

CREATE TABLE checklist_answers (        -- 第九条 review, current answer per item
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    answer TEXT NOT NULL,               -- 符合 / 不符合 / 需补充
    comment TEXT NOT NULL DEFAULT '',
    by TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    PRIMARY KEY (project_id, item_key)
);

CREATE TABLE opinions (                 -- 书面审核意见 (第十条)
    project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    conclusion TEXT NOT NULL,           -- 同意 / 修改后同意 / 不同意
    text TEXT NOT NULL DEFAULT '',
    by TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL
);

CREATE TABLE rectifications (           -- 限期整改 (第二十条)
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    issued_on TEXT NOT NULL,
    findings TEXT NOT NULL,
    deadline TEXT NOT NULL,
    closed_on TEXT,
    result TEXT NOT NULL DEFAULT ''
);

CREATE TABLE plan_filings (             -- 年度建设计划 备案 (第七条)
    year INTEGER PRIMARY KEY,
    finance_filed_on TEXT,              -- 县财政局
    ndrc_filed_on TEXT                  -- 县发改委
);

CREATE TABLE pinned_keys (              -- .xxh senders' public keys, pinned on first import
    unit_name TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,           -- base64 raw Ed25519
    fingerprint TEXT NOT NULL,
    pinned_at TEXT NOT NULL
);

CREATE TABLE packages (                 -- .xxh packages imported or exported
    package_id TEXT PRIMARY KEY,
    direction TEXT NOT NULL,            -- in / out
    file_sm3 TEXT NOT NULL,
    sender_unit TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT ''
);

CREATE TABLE exchange_marks (           -- .xxh: a record's content SM3 at its current revision, so a
    kind TEXT NOT NULL,                 -- change that bumped no revision (a new material, a checklist
    record_id TEXT NOT NULL,            -- answer) still counts as a local edit at the next exchange
    revision INTEGER NOT NULL,          -- project / procurement
    content_sm3 TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
);

CREATE TABLE exchange_snapshots (       -- .xxh: records as last sent (out) and taken in (in), the common
    kind TEXT NOT NULL,                 -- ancestor that tells which side changed a field in a conflict
    record_id TEXT NOT NULL,
    origin TEXT NOT NULL,               -- in / out
    revision INTEGER NOT NULL,
    content TEXT NOT NULL,              -- the record as JSON (attachments by SM3 only)
    PRIMARY KEY (kind, record_id, origin, revision)
);

CREATE TABLE audit_log (                -- append-only, hash-chained
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    before TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '成功',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"""

# Exchange format 2 (docs/xxh-format.md): identity is the key, each side's part of a record
# versioned on its own, and the department's provisional 申报编号 beside the office's number.
V2_EXCHANGE_TRUST = """
ALTER TABLE projects ADD COLUMN declaration_no TEXT NOT NULL DEFAULT '';    -- 申报编号 (the unit's)
ALTER TABLE procurements ADD COLUMN declaration_no TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX projects_declaration_no ON projects(unit_id, declaration_no) WHERE declaration_no != '';
CREATE UNIQUE INDEX procurements_declaration_no ON procurements(unit_id, declaration_no)
    WHERE declaration_no != '';
ALTER TABLE projects DROP COLUMN base_revision;
ALTER TABLE procurements DROP COLUMN base_revision;

CREATE TABLE exchange_keys (            -- .xxh senders' public keys, registered after a fingerprint check
    public_key TEXT PRIMARY KEY,        -- base64 raw Ed25519
    fingerprint TEXT NOT NULL,
    side TEXT NOT NULL,                 -- 县智慧办 / 项目建设单位
    unit TEXT NOT NULL DEFAULT '',      -- a department key's unit, as the office's register names it
    registered_at TEXT NOT NULL,
    revoked_at TEXT                     -- replaced by a newer key of the same side and unit
);
INSERT INTO exchange_keys (public_key, fingerprint, side, unit, registered_at)
    SELECT public_key, fingerprint,
           CASE WHEN unit_name = '县智慧办' THEN '县智慧办' ELSE '项目建设单位' END,
           CASE WHEN unit_name = '县智慧办' THEN '' ELSE unit_name END, pinned_at
    FROM pinned_keys;
DROP TABLE pinned_keys;

CREATE TABLE exchange_parts (           -- each side's part of a record, version by version:
    kind TEXT NOT NULL,                 -- this machine's own as sent, the other side's as received
    record_id TEXT NOT NULL,
    side TEXT NOT NULL,
    version INTEGER NOT NULL,
    sm3 TEXT NOT NULL,
    content TEXT NOT NULL,              -- JSON of the part's fields
    at TEXT NOT NULL,
    PRIMARY KEY (kind, record_id, side, version)
);
DROP TABLE exchange_marks;
DROP TABLE exchange_snapshots;
"""

# Accounts and roles (PRODUCT.md §11), and the audit chain keyed with a secret kept
# outside the database: each entry's `mac` is HMAC-SM3 over its id, its SM3 `hash`
# and the previous entry's `mac` (storage/audit_log.py). Entries written before
# this version keep `mac` = '' and are sealed by the first keyed entry after them.
ACCOUNTS = """
CREATE TABLE accounts (
    name TEXT PRIMARY KEY COLLATE NOCASE,   -- what is typed to sign in
    full_name TEXT NOT NULL DEFAULT '',     -- 姓名, as the audit log names the person
    roles TEXT NOT NULL DEFAULT '[]',       -- JSON list: 业务录入 / 审核 / 系统管理 / 审计
    password_hash TEXT NOT NULL DEFAULT '', -- scrypt$N$r$p$salt$hash; '' only for a department's local account
    local INTEGER NOT NULL DEFAULT 0,       -- a department machine's single local account
    active INTEGER NOT NULL DEFAULT 1,
    failed_count INTEGER NOT NULL DEFAULT 0,    -- failed sign-ins in a row
    locked_until TEXT,                      -- UTC; 5 failures lock for 15 minutes
    last_success_at TEXT,                   -- UTC
    last_failure_at TEXT,                   -- UTC
    created_at TEXT NOT NULL,
    password_changed_at TEXT
);

ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT '';
"""


# SQLite's application_id (header offset 68) marks a file as this program's, so another program's
# SQLite file is told apart — read-only, before anything is written to it (`database.inspect`).
APPLICATION_ID = 0x58584844   # "XXHD"

V4_APPLICATION_ID = f"""
PRAGMA application_id = {APPLICATION_ID};
"""


# The regulation closed (issue 13): facts of 第三条、第九条、第十三条、第十四条、第十八条,
# the 第十五条 adjustment's kind and amount, the office's word on a 暂缺 material (第八条)
# and on a 需补充 item (第九条), and the plan's 编制日期 (第七条).
REGULATION = """
ALTER TABLE projects ADD COLUMN classified INTEGER NOT NULL DEFAULT 0;        -- 涉密 (第三条)
ALTER TABLE projects ADD COLUMN classified_note TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN consulted_units TEXT NOT NULL DEFAULT '';     -- 会同有关部门 (第九条)
ALTER TABLE projects ADD COLUMN consulted_on TEXT;
ALTER TABLE projects ADD COLUMN operation_started_on TEXT;                    -- 投入运行 (第十八条)
ALTER TABLE projects ADD COLUMN security_assessed_on TEXT;                    -- 检测与风险评估 (第十三条)
ALTER TABLE projects ADD COLUMN cloud_migration TEXT NOT NULL DEFAULT '';     -- 迁移上云 (第十四条)
ALTER TABLE projects ADD COLUMN cloud_migration_due TEXT;
ALTER TABLE materials ADD COLUMN accepted_reason TEXT NOT NULL DEFAULT '';    -- 县智慧办同意暂缺 (第八条)
ALTER TABLE checklist_answers ADD COLUMN accepted_reason TEXT NOT NULL DEFAULT '';  -- 需补充可接受 (第九条)
ALTER TABLE adjustments ADD COLUMN kind TEXT NOT NULL DEFAULT '';             -- 建设内容 / 投资概算 / 工期
ALTER TABLE adjustments ADD COLUMN new_investment INTEGER;                    -- 元
ALTER TABLE plan_filings ADD COLUMN compiled_on TEXT;                         -- 编制日期 (第七条)
"""

# The 回收站 (issue 15): a department's own unsent draft, deleted, is kept here until it is
# restored or deleted for good; every read of the board, lists, plan and exports leaves it out.
RECYCLE = """
ALTER TABLE projects ADD COLUMN trashed_at TEXT;        -- moved to the 回收站 (NULL: live)
ALTER TABLE procurements ADD COLUMN trashed_at TEXT;
"""

# A project's assets, adjustments and rectifications are read by its id (the detail, the
# deadlines, every imported project); without an index each read scanned the whole table.
PROJECT_CHILD_INDEXES = """
CREATE INDEX existing_assets_project ON existing_assets(project_id, id);
CREATE INDEX adjustments_project ON adjustments(project_id, id);
CREATE INDEX rectifications_project ON rectifications(project_id, id);
"""

# MIGRATIONS[i] takes a file at user_version i to user_version i + 1.
MIGRATIONS: list[str] = [V1, V2_EXCHANGE_TRUST, ACCOUNTS, V4_APPLICATION_ID, REGULATION, RECYCLE,
                         PROJECT_CHILD_INDEXES]

SCHEMA_VERSION = len(MIGRATIONS)
