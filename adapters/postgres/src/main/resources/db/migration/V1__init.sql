-- salesbot schema, version 1: leads, their intakes and audit trail, the intake fallback and
-- the delivery record. Times are timestamptz (UTC instants); owners are addresses written
-- "<platform>:<userId>".

CREATE TABLE leads (
    id          text        PRIMARY KEY,
    intake_id   text        NOT NULL UNIQUE,   -- the intake that created the lead
    source_id   text        NOT NULL,
    name        text,
    phone       text,                          -- normalised 11-digit mainland mobile number
    company     text,
    region      text,
    industry    text,
    product     text,
    message     text,
    external_id text,
    open_id     text,
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb
                            CHECK (jsonb_typeof(attributes) = 'object'),
    priority    text        NOT NULL,          -- io.salesbot.core.lead.domain.Priority
    status      text        NOT NULL,          -- io.salesbot.core.lead.domain.LeadStatus
    team_id     text,
    owner       text,
    created_at  timestamptz NOT NULL,
    claimed_at  timestamptz,
    version     bigint      NOT NULL DEFAULT 0
);

-- De-duplication looks up recent leads by phone or openid.
CREATE INDEX leads_phone_created_at_idx ON leads (phone, created_at);
CREATE INDEX leads_open_id_created_at_idx ON leads (open_id, created_at);
-- A team's pool.
CREATE INDEX leads_team_id_status_idx ON leads (team_id, status);

-- Every intake ever stored, including those merged into an existing lead.
CREATE TABLE lead_intakes (
    intake_id  text        PRIMARY KEY,
    lead_id    text        NOT NULL REFERENCES leads (id),
    source_id  text        NOT NULL,
    stored_at  timestamptz NOT NULL
);

CREATE INDEX lead_intakes_lead_id_idx ON lead_intakes (lead_id);

-- A lead's history. The same (lead, action, event) is stored once.
CREATE TABLE lead_audit (
    id        bigserial   PRIMARY KEY,
    lead_id   text        NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    reason    text        NOT NULL,
    event_id  text        NOT NULL,
    at        timestamptz NOT NULL,
    CONSTRAINT lead_audit_once UNIQUE (lead_id, action, event_id)
);

CREATE INDEX lead_audit_lead_id_at_idx ON lead_audit (lead_id, at, id);

-- Submissions parked while the queue is unreachable; fields are InboundEventCodec's flat map.
CREATE TABLE intake_fallback (
    intake_id  text        PRIMARY KEY,
    fields     jsonb       NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX intake_fallback_created_at_idx ON intake_fallback (created_at, intake_id);

-- What each outbound command delivered to whom, with the platform's message reference.
CREATE TABLE deliveries (
    command_id   text        NOT NULL,
    recipient    text        NOT NULL,
    platform_ref text        NOT NULL,
    delivered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (command_id, recipient)
);
