import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpStore

struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Work the conflict queue: what TrueUp would not decide alone.",
        discussion: """
            A conflict stays open until a person resolves or dismisses it. The next plan honours a \
            resolution and closes the conflict; a problem raised again updates its open conflict \
            rather than adding one.
            """,
        subcommands: [ConflictsList.self, ConflictsShow.self, ConflictsResolve.self, ConflictsDismiss.self],
        defaultSubcommand: ConflictsList.self
    )
}

struct ConflictsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List conflicts (open ones by default).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only this pair.", valueName: "name"))
    var pair: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Only this kind: inventory, mapping, payment, anomaly or api.", valueName: "kind"))
    var kind: String?

    @Option(name: .long, help: ArgumentHelp("open, resolved, dismissed or all.", valueName: "status"))
    var status = "open"

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if let kind, ConflictKind(rawValue: kind) == nil {
            throw ValidationError(
                "--kind must be one of \(ConflictKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if status != "all", Conflict.Status(rawValue: status) == nil {
            throw ValidationError("--status must be open, resolved, dismissed or all")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let filter = ConflictFilter(
                pair: try pair.map { try PairName($0).rawValue }, kind: kind.flatMap(ConflictKind.init(rawValue:)),
                status: Conflict.Status(rawValue: status))
            let conflicts = try await global.openStore().conflicts(filter)
            print(json ? ConflictPresenter.json(conflicts) : ConflictPresenter.table(conflicts), terminator: "")
        }
    }
}

struct ConflictsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one conflict with the figures behind it.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The conflict's id.")
    var id: Int64

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await runReportingErrors {
            guard let conflict = try await global.openStore().conflict(id) else {
                throw TrueUpError.notFound("there is no conflict \(id); see 'trueup conflicts list'")
            }
            print(json ? ConflictPresenter.json([conflict]) : ConflictPresenter.detail(conflict), terminator: "")
        }
    }
}

struct ConflictsResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Decide a conflict; the next plan carries the decision out.",
        discussion: """
            Resolutions:
              take-xero    Xero's projected quantity is right: the storefront is set to it.
              take-store   The storefront's quantity is right: Xero is adjusted to it.
              set N        Both sides get N units.
              map CODE     The SKU is the Xero item CODE (mapping conflicts); remembered from now on.
              ignore       Leave the SKU out of sync from now on.

            Example: trueup conflicts resolve 12 set 40 --note "counted on the shelf"
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The conflict's id.")
    var id: Int64

    @Argument(help: "take-xero, take-store, set, map or ignore.")
    var resolution: String

    @Argument(help: "N for set, CODE for map.")
    var value: String?

    @Option(name: .long, help: ArgumentHelp("Who decided (default: $USER).", valueName: "name"))
    var by: String?

    @Option(name: .long, help: ArgumentHelp("Why, for the record.", valueName: "text"))
    var note: String?

    func parsedResolution() throws -> Resolution {
        switch (resolution, value) {
        case ("take-xero", nil): return .takeXero
        case ("take-store", nil): return .takeStore
        case ("ignore", nil): return .ignore
        case ("set", let text?):
            guard let quantity = try? Quantity(parsing: text) else {
                throw ValidationError("set needs a quantity, such as 'set 12', not '\(text)'")
            }
            return .set(quantity)
        case ("map", let code?):
            guard !code.isEmpty, code.count <= 30 else {
                throw ValidationError("map needs a Xero item code of at most 30 characters")
            }
            return .map(code)
        case ("set", nil): throw ValidationError("set needs a quantity: 'trueup conflicts resolve \(id) set 12'")
        case ("map", nil):
            throw ValidationError("map needs a Xero item code: 'trueup conflicts resolve \(id) map CODE'")
        case ("take-xero", _?), ("take-store", _?), ("ignore", _?):
            throw ValidationError("\(resolution) takes no value")
        default:
            throw ValidationError(
                "unknown resolution '\(resolution)': use take-xero, take-store, set N, map CODE or ignore")
        }
    }

    func validate() throws { _ = try parsedResolution() }

    func run() async throws {
        try await runReportingErrors {
            let conflict = try await global.openStore().resolve(
                id, with: try parsedResolution(), by: by ?? currentUser, note: note, at: Date())
            print("Conflict \(conflict.id) resolved: \(conflict.resolution ?? ""). The next plan carries it out.")
        }
    }
}

struct ConflictsDismiss: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dismiss",
        abstract: "Close a conflict without acting on it; it is raised again if the problem is still there."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The conflict's id.")
    var id: Int64

    @Option(name: .long, help: ArgumentHelp("Who dismissed it (default: $USER).", valueName: "name"))
    var by: String?

    @Option(name: .long, help: ArgumentHelp("Why, for the record.", valueName: "text"))
    var note: String?

    func run() async throws {
        try await runReportingErrors {
            let conflict = try await global.openStore().dismiss(id, by: by ?? currentUser, note: note, at: Date())
            print("Conflict \(conflict.id) dismissed.")
        }
    }
}
