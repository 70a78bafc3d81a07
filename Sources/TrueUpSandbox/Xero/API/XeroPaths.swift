/// The paths the emulated Xero answers on.
enum XeroPaths {
    static let api = "/api.xro/2.0/"
    static let authorize = "/identity/connect/authorize"
    static let token = "/connect/token"
    static let connections = "/connections"
}
