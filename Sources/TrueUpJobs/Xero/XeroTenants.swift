import Foundation
public import TrueUpCore
public import XeroKit

/// An organisation the app may reach, from `GET /connections`.
public struct XeroTenant: Sendable, Hashable {
    public var id: String
    public var name: String
    public var type: String
}

extension XeroTenant {
    /// The organisations a token grants, from the connections endpoint.
    public static func list(
        accessToken: String, endpoints: XeroEndpoints, transport: any HTTPTransport
    ) async throws(XeroError) -> [XeroTenant] {
        let result: HTTPResult
        do {
            result = try await transport.send(
                HTTPRequestSpec(
                    method: "GET", url: endpoints.connections,
                    headers: [("Authorization", "Bearer \(accessToken)"), ("Accept", "application/json")],
                    timeout: .seconds(30)))
        } catch {
            throw .unavailable("\(endpoints.connections): \(error.description)")
        }
        guard result.status == 200 else {
            throw .refused(status: result.status, message: "the connections endpoint refused the new token")
        }
        guard case .array(let elements)? = try? JSONParser.parse(result.body) else {
            throw .badResponse("the connections endpoint did not answer with a list")
        }
        return elements.compactMap { element -> XeroTenant? in
            guard case .object(let object) = element, let id = object.text("tenantId") else { return nil }
            return XeroTenant(
                id: id, name: object.text("tenantName") ?? id, type: object.text("tenantType") ?? "ORGANISATION")
        }
    }

    /// The tenant `wanted` names (its id or its name, ignoring case), or the only organisation.
    public static func choose(_ wanted: String?, from tenants: [XeroTenant]) throws(TrueUpError) -> XeroTenant {
        let organisations = tenants.filter { $0.type == "ORGANISATION" }
        let listing = organisations.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
        if let wanted {
            let match = organisations.first {
                $0.id == wanted || $0.name.compare(wanted, options: .caseInsensitive) == .orderedSame
            }
            guard let match else {
                throw .notFound("no connected organisation is called \(wanted); this grant reaches: \(listing)")
            }
            return match
        }
        guard organisations.count == 1, let only = organisations.first else {
            if organisations.isEmpty {
                throw .refused("the grant reaches no organisation; choose one when authorising the app")
            }
            throw .usage(
                "the grant reaches \(organisations.count) organisations (\(listing)); choose one with --tenant")
        }
        return only
    }
}
