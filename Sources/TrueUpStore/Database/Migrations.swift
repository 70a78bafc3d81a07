import GRDB

/// The state schema: named, append-only migrations. Never edit a migration that has shipped;
/// add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-state") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-connections") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-storefront") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-payments") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-jobs") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6-credit-note-contact") { db in
            try db.execute(sql: v6)
        }
        return migrator
    }

    /// A credit note correction keeps the contact of the invoice it credits, as the run read it,
    /// so that applying it needs no call to look the contact up. Rows from before have none.
    private static let v6 = """
        ALTER TABLE payment_correction ADD COLUMN contact_id TEXT;
        """

    /// Jobs (DESIGN §1): the per-pair lease a run holds from lock to release, each run's stages,
    /// and which job and which process a run belonged to. Times are StoreTime text.
    private static let v5 = """
        -- One row per pair being run. Taken before the run's row exists, and for pairs the state has
        -- not seen yet, so it names the pair without a foreign key.
        CREATE TABLE lease (
            pair TEXT PRIMARY KEY NOT NULL,
            -- LeaseHolder.id: unique per process and run.
            holder TEXT NOT NULL,
            -- LeaseHolder.description, for the message a refused run prints.
            holder_description TEXT,
            run_id INTEGER,
            acquired_at TEXT,
            renewed_at TEXT,
            -- Past this time the lease is stale: its holder stopped renewing it, and the next run takes it over.
            expires_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE run_stage (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            stage TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped', 'partial')),
            counts TEXT NOT NULL DEFAULT '{}',
            note TEXT,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        -- The job a run was part of (nightly, intraday), and the LeaseHolder.id of the process that ran it.
        ALTER TABLE run ADD COLUMN job TEXT;
        ALTER TABLE run ADD COLUMN holder TEXT;
        CREATE INDEX run_by_pair ON run(pair, id);
        -- A run's payment corrections, for its history (stock corrections have correction_by_run).
        CREATE INDEX payment_correction_by_run ON payment_correction(run_id);
        """

    /// The payments match (DESIGN §4): each run's rows, what payments.csv is written from, and
    /// the payment corrections' outbox. Amounts are minor units of the row's currency.
    private static let v4 = """
        -- The working set keeps the payments match's records too.
        CREATE TABLE working_record_v4 (
            pair TEXT NOT NULL REFERENCES pair(name),
            family TEXT NOT NULL CHECK (family IN (
                'order', 'refund', 'invoice', 'credit_note', 'payment', 'bank_transaction', 'store_payment')),
            id TEXT NOT NULL,
            updated_ms INTEGER NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (pair, family, id)
        ) WITHOUT ROWID;
        INSERT INTO working_record_v4 SELECT pair, family, id, updated_ms, record FROM working_record;
        DROP TABLE working_record;
        ALTER TABLE working_record_v4 RENAME TO working_record;

        CREATE TABLE payment_row (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            order_number TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
            store_ref TEXT,
            store_amount INTEGER,
            currency TEXT,
            xero_invoice TEXT,
            xero_ref TEXT,
            xero_amount INTEGER,
            xero_currency TEXT,
            bank_ref TEXT,
            bank_amount INTEGER,
            bank_currency TEXT,
            payout_id TEXT,
            fee INTEGER,
            difference INTEGER,
            status TEXT NOT NULL,
            rule TEXT NOT NULL,
            date TEXT,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        -- Payment corrections. The id is deterministic (PaymentCorrection), and Xero's Idempotency-Key.
        CREATE TABLE payment_correction (
            id TEXT PRIMARY KEY NOT NULL,
            pair TEXT NOT NULL REFERENCES pair(name),
            run_id INTEGER NOT NULL REFERENCES run(id),
            side TEXT NOT NULL CHECK (side IN ('xero', 'store')),
            action TEXT NOT NULL CHECK (
                action IN ('xero_payment', 'xero_credit_note', 'xero_spend', 'xero_receive', 'store_mark_paid')),
            subject TEXT NOT NULL,
            order_number TEXT,
            invoice_id TEXT,
            amount INTEGER NOT NULL,
            currency TEXT NOT NULL,
            allocate INTEGER,
            date TEXT NOT NULL,
            account TEXT,
            bank_account TEXT,
            reference TEXT,
            store_record TEXT,
            state TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'acknowledged', 'failed', 'rejected', 'superseded')),
            -- The Idempotency-Key of the batch it was sent in: an in-doubt batch is sent again whole.
            batch_key TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            external_id TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX payment_correction_live ON payment_correction(pair, state);
        """

    /// Each pair's storefront connection, the documents a live run keeps between incremental reads,
    /// and shipped units on order lines (Magento MSI takes stock out at shipment).
    private static let v3 = """
        CREATE TABLE storefront_connection (
            pair TEXT PRIMARY KEY NOT NULL,
            platform TEXT NOT NULL,
            -- Where and how to reach the shop, without secrets (JSON).
            settings TEXT NOT NULL,
            -- A password or access token; the file is 0600.
            secret TEXT,
            connected_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;

        -- The orders, refunds and Xero documents that in-flight units depend on, as canonical JSON,
        -- kept across runs because both sides are read incrementally.
        CREATE TABLE working_record (
            pair TEXT NOT NULL REFERENCES pair(name),
            family TEXT NOT NULL CHECK (family IN ('order', 'refund', 'invoice', 'credit_note')),
            id TEXT NOT NULL,
            updated_ms INTEGER NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (pair, family, id)
        ) WITHOUT ROWID;

        ALTER TABLE snapshot_order_line ADD COLUMN shipped INTEGER;
        """

    /// Each pair's Xero connection and its tokens. The file is 0600, like the rest of the state.
    private static let v2 = """
        CREATE TABLE xero_connection (
            pair TEXT PRIMARY KEY NOT NULL,
            grant_type TEXT NOT NULL CHECK (grant_type IN ('authorization_code', 'client_credentials')),
            client_id TEXT NOT NULL,
            client_secret TEXT,
            tenant_id TEXT NOT NULL,
            tenant_name TEXT NOT NULL,
            -- NULL for Xero itself; a base URL for a sandbox serving every endpoint at its real path.
            endpoint_base TEXT,
            access_token TEXT NOT NULL,
            refresh_token TEXT,
            expires_at TEXT NOT NULL,
            scope TEXT,
            connected_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    private static let v1 = """
        CREATE TABLE pair (
            name TEXT PRIMARY KEY NOT NULL,
            settings TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pair TEXT NOT NULL REFERENCES pair(name),
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            as_of TEXT NOT NULL,
            period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'partial')),
            exit_code INTEGER,
            counts TEXT NOT NULL DEFAULT '{}',
            error TEXT
        );
        CREATE INDEX run_by_pair_period ON run(pair, period, id);

        -- The last agreed projected quantity per pair and SKU (ticks: ten-thousandths of a unit).
        CREATE TABLE base (
            pair TEXT NOT NULL REFERENCES pair(name),
            sku TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            held_back INTEGER NOT NULL DEFAULT 0 CHECK (held_back >= 0),
            run_id INTEGER NOT NULL REFERENCES run(id),
            -- When the sides were seen to agree (the planning run's as-of); NULL when unknown.
            agreed_at TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (pair, sku)
        ) WITHOUT ROWID;

        -- Acknowledged changes per SKU: the history the anomaly guard judges a change against.
        CREATE TABLE sku_change (
            pair TEXT NOT NULL REFERENCES pair(name),
            sku TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES run(id),
            side TEXT NOT NULL CHECK (side IN ('xero', 'store')),
            change INTEGER NOT NULL,
            PRIMARY KEY (pair, sku, run_id, side)
        ) WITHOUT ROWID;

        CREATE TABLE sku_map (
            pair TEXT NOT NULL REFERENCES pair(name),
            sku TEXT NOT NULL,
            item_code TEXT,
            ignored INTEGER NOT NULL DEFAULT 0 CHECK (ignored IN (0, 1)),
            set_by TEXT NOT NULL,
            set_at TEXT NOT NULL,
            PRIMARY KEY (pair, sku),
            CHECK ((ignored = 1 AND item_code IS NULL) OR (ignored = 0 AND item_code IS NOT NULL))
        ) WITHOUT ROWID;

        CREATE TABLE conflict (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pair TEXT NOT NULL REFERENCES pair(name),
            kind TEXT NOT NULL CHECK (kind IN ('inventory', 'mapping', 'payment', 'anomaly', 'api')),
            subject_type TEXT NOT NULL CHECK (subject_type IN ('sku', 'order', 'record')),
            subject TEXT NOT NULL,
            reason TEXT NOT NULL,
            message TEXT NOT NULL,
            xero_value TEXT,
            store_value TEXT,
            details TEXT NOT NULL DEFAULT '[]',
            suggestions TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'dismissed')),
            resolution TEXT,
            resolution_value TEXT,
            resolved_by TEXT,
            resolved_at TEXT,
            note TEXT,
            raised_in_run INTEGER NOT NULL REFERENCES run(id),
            last_seen_run INTEGER NOT NULL REFERENCES run(id),
            applied_in_run INTEGER REFERENCES run(id),
            times_seen INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((status = 'open') = (resolved_at IS NULL))
        );
        -- One open conflict per subject: raising it again updates it.
        CREATE UNIQUE INDEX conflict_one_open_per_subject ON conflict(pair, subject_type, subject) WHERE status = 'open';
        CREATE INDEX conflict_by_status ON conflict(pair, status, kind);

        -- The outbox. A correction's id is deterministic (see PlannedCorrection.makeID).
        CREATE TABLE correction (
            id TEXT PRIMARY KEY NOT NULL,
            pair TEXT NOT NULL REFERENCES pair(name),
            run_id INTEGER NOT NULL REFERENCES run(id),
            side TEXT NOT NULL CHECK (side IN ('xero', 'store')),
            action TEXT NOT NULL CHECK (action IN ('adjust_xero', 'set_store')),
            sku TEXT NOT NULL,
            item_code TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            observed INTEGER NOT NULL,
            agreed_target INTEGER NOT NULL,
            held_back INTEGER NOT NULL,
            basis_run_id INTEGER,
            state TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'acknowledged', 'failed', 'rejected', 'superseded')),
            attempts INTEGER NOT NULL DEFAULT 0,
            external_id TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        -- At most one live correction per pair, side and SKU.
        CREATE UNIQUE INDEX correction_one_live ON correction(pair, side, sku) WHERE state IN ('planned', 'sent', 'failed');
        CREATE INDEX correction_by_run ON correction(run_id, sku);

        CREATE TABLE cursor (
            pair TEXT NOT NULL REFERENCES pair(name),
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            run_id INTEGER REFERENCES run(id),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (pair, name)
        ) WITHOUT ROWID;

        -- What each run fetched, as canonical rows. Instants are milliseconds since 1970 UTC.
        CREATE TABLE snapshot_item (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            item_id TEXT,
            name TEXT NOT NULL,
            tracked INTEGER NOT NULL,
            quantity_on_hand INTEGER,
            cost_pool INTEGER,
            cost_currency TEXT,
            purchase_price INTEGER,
            purchase_currency TEXT,
            updated_ms INTEGER
        );
        CREATE INDEX snapshot_item_by_run ON snapshot_item(run_id);
        CREATE TABLE snapshot_stock (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            sku TEXT NOT NULL,
            source TEXT NOT NULL,
            quantity INTEGER NOT NULL
        );
        CREATE INDEX snapshot_stock_by_run ON snapshot_stock(run_id);
        CREATE TABLE snapshot_order (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            order_id TEXT NOT NULL,
            number TEXT NOT NULL,
            state TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL,
            currency TEXT NOT NULL,
            grand_total INTEGER,
            customer_id TEXT,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE snapshot_order_line (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            line INTEGER NOT NULL,
            sku TEXT NOT NULL,
            ordered INTEGER NOT NULL,
            canceled INTEGER NOT NULL,
            refunded INTEGER NOT NULL,
            PRIMARY KEY (run_id, seq, line)
        ) WITHOUT ROWID;
        CREATE TABLE snapshot_refund (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            refund_id TEXT NOT NULL,
            number TEXT NOT NULL,
            order_id TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL,
            currency TEXT NOT NULL,
            total INTEGER,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE snapshot_refund_line (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            line INTEGER NOT NULL,
            sku TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            restocked INTEGER NOT NULL,
            PRIMARY KEY (run_id, seq, line)
        ) WITHOUT ROWID;
        -- Xero invoices (family 'invoice') and credit notes (family 'credit_note').
        CREATE TABLE snapshot_document (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            family TEXT NOT NULL CHECK (family IN ('invoice', 'credit_note')),
            document_id TEXT NOT NULL,
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            number TEXT,
            reference TEXT,
            date TEXT,
            currency TEXT NOT NULL,
            total INTEGER,
            amount_due INTEGER,
            updated_ms INTEGER,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE snapshot_document_line (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            line INTEGER NOT NULL,
            item_code TEXT,
            description TEXT,
            quantity INTEGER,
            unit_amount INTEGER,
            line_amount INTEGER,
            account_code TEXT,
            PRIMARY KEY (run_id, seq, line)
        ) WITHOUT ROWID;
        CREATE TABLE snapshot_problem (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            source TEXT NOT NULL,
            subject_type TEXT NOT NULL,
            subject TEXT,
            message TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        -- The plan's rows: what inventory.csv is written from.
        CREATE TABLE plan_row (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            sku TEXT NOT NULL,
            item_code TEXT,
            xero_qoh INTEGER,
            store_qty INTEGER,
            in_flight INTEGER NOT NULL,
            projected INTEGER,
            base INTEGER,
            delta_xero INTEGER,
            delta_store INTEGER,
            outcome TEXT NOT NULL,
            store_target INTEGER,
            xero_adjustment INTEGER,
            conflict_reason TEXT,
            agreed_target INTEGER,
            note TEXT,
            PRIMARY KEY (run_id, sku)
        ) WITHOUT ROWID;
        """
}
