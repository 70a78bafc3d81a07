public import Foundation
public import TrueUpCore
public import TrueUpStore
public import XeroKit

/// Everything a run reads from Xero: the organisation and its whole chart and catalogue, and the
/// documents changed since the pair's cursors.
public struct XeroFetched: Sendable {
    public var organisation: Organisation
    public var accounts: DecodedBody<Account>
    public var items: DecodedBody<Item>
    public var contacts: DecodedBody<Contact>
    public var invoices: DecodedBody<Invoice>
    public var creditNotes: DecodedBody<CreditNote>
    public var payments: DecodedBody<Payment>
    public var bankTransactions: DecodedBody<BankTransaction>
    /// Where each collection's cursor moves once the run has used what was read.
    public var cursors: [String: Date]
    public var calls: Int
    /// The fewest calls the same reads could have taken (one per page of records).
    public var lowerBound: Int
}

/// Stage 2 for Xero (DESIGN §1): reads a pair's organisation in full (`/Organisation`,
/// `/Accounts`, `/Items` — one call each) and its documents incrementally from stored cursors.
/// Cursors are not moved here: ``commit(_:run:)`` moves them once the caller has put what was
/// read to use, so a run that fails part-way reads the same records again next time.
public struct XeroFetch: Sendable {
    public var pair: String
    let store: StateStore
    let client: XeroClient
    /// How far before a cursor each read starts: `UpdatedDateUTC` is only accurate to the second,
    /// and some edits land late.
    public var overlap: Duration
    public var pageSize: Int

    public init(
        pair: String, store: StateStore, client: XeroClient, overlap: Duration = .seconds(300), pageSize: Int = 1000
    ) {
        self.pair = pair
        self.store = store
        self.client = client
        self.overlap = overlap
        self.pageSize = pageSize
    }

    /// The cursor names, one per paged collection.
    public static func cursorName(_ collection: XeroCollection) -> String {
        "xero." + collection.arrayKey
    }

    /// - Parameter payments: whether to read Payments and BankTransactions too (the payments
    ///   match needs them; an intraday run leaves them, and their cursors, for the nightly).
    public func fetch(payments includePayments: Bool = true) async throws(TrueUpError) -> XeroFetched {
        let before = client.callsMade
        var lowerBound = 3
        do {
            let organisation = try await client.organisation()
            let accounts = try await client.accounts()
            let items = try await client.items(baseCurrency: organisation.baseCurrency)
            var cursors: [String: Date] = [:]
            func read(_ collection: XeroCollection, query: [(String, String)] = []) async throws -> JSONValue {
                let name = Self.cursorName(collection)
                let since = try await store.timeCursor(pair: pair, name: name)
                let result = try await client.readChanged(
                    collection, since: since, overlap: overlap, pageSize: pageSize, query: query)
                lowerBound += max(1, (result.records + pageSize - 1) / pageSize)
                if let cursor = result.cursor { cursors[name] = cursor }
                return result.document
            }
            let contacts = try XeroContactsDecoder.decode(document: try await read(.contacts), source: "GET /Contacts")
            let invoices = try XeroInvoicesDecoder.decode(
                document:
                    try await read(.invoices, query: [("unitdp", "4")]), source: "GET /Invoices")
            let creditNotes = try XeroCreditNotesDecoder.decode(
                document:
                    try await read(.creditNotes, query: [("unitdp", "4")]), source: "GET /CreditNotes")
            var payments = DecodedBody<Payment>(records: [])
            var bankTransactions = DecodedBody<BankTransaction>(records: [])
            if includePayments {
                payments = try XeroPaymentsDecoder.decode(document: try await read(.payments), source: "GET /Payments")
                bankTransactions = try XeroBankTransactionsDecoder.decode(
                    document:
                        try await read(.bankTransactions, query: [("unitdp", "4")]), source: "GET /BankTransactions")
            }
            return XeroFetched(
                organisation: organisation, accounts: accounts, items: items, contacts: contacts, invoices: invoices,
                creditNotes: creditNotes, payments: payments, bankTransactions: bankTransactions, cursors: cursors,
                calls: client.callsMade - before, lowerBound: lowerBound)
        } catch let error as XeroError {
            throw error.trueUpError
        } catch let error as BodyError {
            throw .badInput(error.description)
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
    }

    /// Moves the cursors of a completed fetch.
    public func commit(_ fetched: XeroFetched, run: Int64?, at now: Date = Date()) async throws(TrueUpError) {
        try await store.setTimeCursors(fetched.cursors, pair: pair, run: run, at: now)
    }
}
