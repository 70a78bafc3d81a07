public import TrueUpCore

extension XeroSandbox {
    /// Every item as it is now, in the order they were made.
    public func items() -> [JSONObject] {
        state.withLock { $0.store.items.records }
    }

    /// Every credit note as it is now (what `GET /CreditNotes` would show, at full precision), in
    /// the order they were made.
    public func creditNotes() -> [JSONObject] {
        state.withLock { $0.store.creditNotes.records }
    }

    /// Every payment and refund as it is now, in the order they were made.
    public func payments() -> [JSONObject] {
        state.withLock { $0.store.payments.records }
    }

    /// Every bank transaction as it is now, in the order they were made.
    public func bankTransactions() -> [JSONObject] {
        state.withLock { $0.store.bankTransactions.records }
    }
}
