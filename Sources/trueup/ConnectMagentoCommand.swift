import ArgumentParser
import Foundation
import StorefrontKit
import TrueUpCore
import TrueUpJobs
import XeroKit

struct ConnectMagentoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "magento",
        abstract: "Connect a pair to its Magento 2 / Adobe Commerce shop and store the connection in the state.",
        discussion: """
            Checks that the shop's REST API answers with the login given, finds out whether it runs \
            Multi-Source Inventory (else the legacy stock items are used), and stores the connection.

            Log in as an admin user (--username; the password from --password-file or \
            $TRUEUP_MAGENTO_PASSWORD) or with an integration's access token (--token-file or \
            $TRUEUP_MAGENTO_TOKEN; System > Extensions > Integrations in the admin). Secrets are never \
            read from the command line, are kept in the state file (mode 0600) and are never logged.

            Which sources the pair sums and which one corrections are written to are the pair file's \
            storefront.sources and storefront.primary_source.

            Against the sandbox (trueup sandbox), pass --url http://127.0.0.1:PORT --username admin and \
            the password admin123.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pair to connect.", valueName: "name"))
    var pair: String

    @Option(help: ArgumentHelp("The shop's address, such as https://shop.example.com.", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("The store view code in /rest/<store>/V1 (default: default).", valueName: "code"))
    var storeCode = "default"

    @Option(help: ArgumentHelp("An admin user's name.", valueName: "user"))
    var username: String?

    @Option(help: ArgumentHelp("A file holding the admin user's password.", valueName: "path"))
    var passwordFile: String?

    @Option(help: ArgumentHelp("A file holding an integration's access token.", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("msi, legacy, or detect (the default).", valueName: "mode"))
    var inventory = "detect"

    func validate() throws {
        guard MagentoSettings.InventoryMode(rawValue: inventory) != nil else {
            throw ValidationError("--inventory must be msi, legacy or detect")
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
            parsed.host != nil
        else {
            throw ValidationError("--url must be the shop's address, such as https://shop.example.com")
        }
        if username != nil, tokenFile != nil {
            throw ValidationError("pass --username (an admin login) or --token-file (an integration), not both")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let pairName = try PairName(pair).rawValue
            let connection: MagentoConnection
            let secret: String
            if let username {
                guard
                    let password = try SecretInput.read(
                        file: passwordFile, environment: "TRUEUP_MAGENTO_PASSWORD", what: "the password")
                else {
                    throw TrueUpError.usage(
                        "the admin login needs its password: --password-file PATH or $TRUEUP_MAGENTO_PASSWORD")
                }
                connection = MagentoConnection(
                    url: url, storeCode: storeCode, auth: .admin, username: username,
                    inventory: MagentoSettings.InventoryMode(rawValue: inventory) ?? .detect)
                secret = password
            } else {
                guard
                    let token = try SecretInput.read(
                        file: tokenFile, environment: "TRUEUP_MAGENTO_TOKEN", what: "the access token")
                else {
                    throw TrueUpError.usage(
                        "pass --username USER (with --password-file or $TRUEUP_MAGENTO_PASSWORD), or an integration's "
                            + "access token with --token-file or $TRUEUP_MAGENTO_TOKEN")
                }
                connection = MagentoConnection(
                    url: url, storeCode: storeCode, auth: .bearer,
                    inventory: MagentoSettings.InventoryMode(rawValue: inventory) ?? .detect)
                secret = token
            }
            let connected = try await MagentoConnect.connect(
                pair: pairName, connection: connection, secret: secret, store: try global.openStore(),
                transport: AsyncHTTPTransport(), logger: global.logger("connect"))
            print(
                "Connected pair \(pairName) to the Magento shop at \(connected.connection.url) "
                    + "(store \(connected.connection.storeCode), "
                    + (connected.usesMSI ? "Multi-Source Inventory" : "legacy stock items") + ").")
            print(
                "Next: 'trueup run --pair \(pairName) --config PAIR.yaml' reads both sides and pushes the corrections.")
        }
    }
}
