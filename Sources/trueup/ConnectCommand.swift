import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import TrueUpStore
import XeroKit

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect a pair to its Xero organisation or its storefront.",
        subcommands: [ConnectXeroCommand.self, ConnectMagentoCommand.self]
    )
}

struct ConnectXeroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xero",
        abstract: "Authorise TrueUp with a Xero organisation and store the connection in the state.",
        discussion: """
            With an app that uses the authorisation code flow (the default), this prints a URL: open it, \
            sign in to Xero and allow access. Xero sends the browser back to http://localhost:PORT/callback, \
            where this command is listening; it exchanges the code (with a PKCE verifier), finds the \
            organisation, and stores the connection. Register that redirect URI with the app first.

            With a Custom Connection (--custom-connection), the client id and secret are enough: no browser.

            The client secret is read from --client-secret-file or $TRUEUP_XERO_CLIENT_SECRET, never \
            from the command line. Tokens and secrets are kept in the state file (mode 0600) and never logged.

            Against the sandbox (trueup sandbox), pass --xero-url http://127.0.0.1:PORT; its client id is \
            sandbox-client and its secret sandbox-secret.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pair to connect.", valueName: "name"))
    var pair: String

    @Option(help: ArgumentHelp("The Xero app's client id.", valueName: "id"))
    var clientID: String

    @Option(help: ArgumentHelp("A file holding the app's client secret.", valueName: "path"))
    var clientSecretFile: String?

    @Flag(help: "Use a Custom Connection (client credentials) instead of a browser sign-in.")
    var customConnection = false

    @Option(
        help: ArgumentHelp(
            "Which organisation, by name or tenant id, when the grant reaches several.", valueName: "tenant"))
    var tenant: String?

    @Option(help: ArgumentHelp("Reach Xero at this base URL instead (a sandbox).", valueName: "url"))
    var xeroURL: String?

    @Option(
        help: ArgumentHelp(
            "The local port Xero redirects the browser to (as registered with the app; 0 picks a free one, for the sandbox).",
            valueName: "port"))
    var redirectPort = 8719

    @Option(help: ArgumentHelp("How long to wait for the browser, in seconds.", valueName: "seconds"))
    var timeout = 300

    func validate() throws {
        guard (0...65_535).contains(redirectPort) else {
            throw ValidationError("--redirect-port must be a port number, 0 to 65535")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        try await runReportingErrors {
            let pairName = try PairName(pair).rawValue
            let secret = try readSecret()
            if customConnection, secret == nil {
                throw TrueUpError.usage(
                    "a Custom Connection needs its client secret: --client-secret-file PATH or $TRUEUP_XERO_CLIENT_SECRET"
                )
            }
            let store = try global.openStore()
            let logger = global.logger("connect")
            let transport = AsyncHTTPTransport()
            let connect = XeroConnect(
                pair: pairName, endpointBase: xeroURL,
                client: XeroClientCredentials(clientID: clientID, clientSecret: secret), tenant: tenant, store: store,
                transport: transport, logger: logger)
            let connection: StoredXeroConnection
            if customConnection {
                connection = try await connect.connectCustom()
            } else {
                let redirect = LoopbackRedirect(port: redirectPort, logger: logger)
                connection = try await connect.connectInteractively(
                    redirect: redirect, timeout: .seconds(timeout)
                ) { url in
                    print("Open this address in a browser, sign in to Xero and allow access:\n\n  \(url)\n")
                    print("Waiting for Xero to send the browser back to this computer …")
                    flushStandardOutput()
                }
            }
            print("Connected pair \(connection.pair) to \(connection.tenantName) (tenant \(connection.tenantID)).")
            print("Next: 'trueup doctor --pair \(connection.pair)' checks the accounts adjustments use.")
        }
    }

    private func readSecret() throws -> String? {
        try SecretInput.read(
            file: clientSecretFile, environment: "TRUEUP_XERO_CLIENT_SECRET", what: "the client secret")
    }
}

/// A secret from a file or an environment variable, never from the command line (where `ps` and
/// shell history would show it).
enum SecretInput {
    static func read(file: String?, environment: String, what: String) throws(TrueUpError) -> String? {
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw .usage("cannot read \(what) from \(file): \(error.localizedDescription)")
            }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw .usage("\(file) is empty") }
            return secret
        }
        if let secret = ProcessInfo.processInfo.environment[environment], !secret.isEmpty {
            return secret
        }
        return nil
    }
}
