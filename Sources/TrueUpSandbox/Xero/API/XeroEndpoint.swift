/// The accounting-API operations the sandbox emulates, resolved from a method and a path under
/// `/api.xro/2.0/`. Resource names compare case-insensitively, as Xero's do.
enum XeroEndpoint: Equatable {
    case organisation
    /// `GET /Invoices`, `GET /Items`, …
    case list(XeroResource)
    /// `GET /Invoices/{InvoiceID or InvoiceNumber}`, `GET /Items/{ItemID or Code}`, …
    case single(XeroResource, key: String)
    /// `PUT /Invoices` creates; `POST /Invoices` creates or updates; `POST /Invoices/{id}` updates one.
    case invoices(method: String, invoiceID: String?)
    /// `PUT /Payments` creates payments on invoices and refunds of credit notes.
    case payments
    /// `PUT /Contacts` creates contacts.
    case contacts
    /// `PUT /CreditNotes` creates; `POST /CreditNotes` creates or updates; `POST /CreditNotes/{id}` updates one.
    case creditNotes(method: String, creditNoteID: String?)
    /// `PUT /CreditNotes/{CreditNoteID}/Allocations` applies credit to invoices.
    case allocations(creditNoteID: String)
    /// `PUT /BankTransactions` creates spend and receive money.
    case bankTransactions

    enum Resolution {
        case endpoint(XeroEndpoint)
        case response(SandboxResponse)
    }

    var resource: XeroResource {
        switch self {
        case .organisation: .organisation
        case .list(let resource), .single(let resource, _): resource
        case .invoices: .invoices
        case .payments: .payments
        case .contacts: .contacts
        case .creditNotes, .allocations: .creditNotes
        case .bankTransactions: .bankTransactions
        }
    }

    var isWrite: Bool {
        switch self {
        case .organisation, .list, .single: false
        case .invoices, .payments, .contacts, .creditNotes, .allocations, .bankTransactions: true
        }
    }

    static func resolve(method: String, path: String) -> Resolution {
        let segments = path.dropFirst(XeroPaths.api.count).split(separator: "/").map { String($0) }
        guard let first = segments.first, let resource = XeroResource.named(first) else {
            return .response(XeroResponses.notFound())
        }
        let key = segments.count >= 2 ? (segments[1].removingPercentEncoding ?? segments[1]) : nil
        if segments.count >= 3, resource == .creditNotes, let key,
            segments[2].caseInsensitiveCompare("Allocations") == .orderedSame
        {
            switch (method, segments.count) {
            case ("PUT", 3): return .endpoint(.allocations(creditNoteID: key))
            case ("DELETE", 4): return .response(XeroResponses.notEmulated(method, path))
            default: return .response(XeroResponses.notFound())
            }
        }
        guard segments.count <= 2 else { return .response(XeroResponses.notFound()) }
        switch (method, resource, key) {
        case ("GET", .organisation, nil): return .endpoint(.organisation)
        case ("GET", .organisation, _?): return .response(XeroResponses.notFound())
        case ("GET", _, nil): return .endpoint(.list(resource))
        case ("GET", _, let key?): return .endpoint(.single(resource, key: key))
        case ("PUT", .invoices, nil), ("POST", .invoices, nil):
            return .endpoint(.invoices(method: method, invoiceID: nil))
        case ("POST", .invoices, let key?): return .endpoint(.invoices(method: method, invoiceID: key))
        case ("PUT", .payments, nil): return .endpoint(.payments)
        case ("PUT", .contacts, nil): return .endpoint(.contacts)
        case ("PUT", .creditNotes, nil), ("POST", .creditNotes, nil):
            return .endpoint(.creditNotes(method: method, creditNoteID: nil))
        case ("POST", .creditNotes, let key?): return .endpoint(.creditNotes(method: method, creditNoteID: key))
        case ("PUT", .bankTransactions, nil): return .endpoint(.bankTransactions)
        default: return .response(XeroResponses.notEmulated(method, path))
        }
    }
}
